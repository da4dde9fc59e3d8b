import { z } from "./zod";
import { MAX_VND, parseVnd } from "./fields";

/** "2026-11": a calendar month from 2020 to 2099. */
export const monthField = z.string().regex(/^20[2-9]\d-(0[1-9]|1[0-2])$/, "invoices.errors.month");

/** "2026-11-30": a calendar day that exists. */
const dayField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invoices.errors.day")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, "invoices.errors.day");

/** The export's period: from one day to another, both included, at most a year and a day. */
export const exportPeriodSchema = z
  .object({ from: dayField, to: dayField })
  .refine((p) => p.from <= p.to && Date.parse(p.to) - Date.parse(p.from) <= 366 * 86_400_000, { message: "invoices.errors.period", path: ["to"] });

/** A credit note: how much (whole đồng, written any way parseVnd reads) and why. */
export const creditNoteSchema = z.object({
  amountVnd: z.string({ error: "invoices.errors.amount" }).transform((v, ctx) => {
    const n = parseVnd(v);
    if (n === null || n <= 0 || n > MAX_VND) {
      ctx.addIssue({ code: "custom", message: "invoices.errors.amount" });
      return z.NEVER;
    }
    return n;
  }),
  reason: z
    .string({ error: "invoices.errors.reason" })
    .trim()
    .min(1, "invoices.errors.reason")
    .max(200, "invoices.errors.reasonTooLong")
    .transform((v) => v.normalize("NFC")),
});
