/**
 * Net terms forms (decision 031), shared by the operators' page and its action:
 * the term in days (7, 15 or 30), the credit limit in đồng written as people
 * write amounts ("50.000.000", "50tr"), and the terms row's version the form showed.
 */
import { z } from "./zod";
import { MAX_VND, parseVnd } from "./fields";
import { idField } from "./ids";

export const TERM_DAY_CHOICES = ["7", "15", "30"] as const;

const version = z
  .string({ error: "errors.form.tampered" })
  .regex(/^\d{1,9}$/, "errors.form.tampered")
  .transform(Number);

export const grantTermsSchema = z.object({
  companyId: idField("errors.form.tampered"),
  days: z.enum(TERM_DAY_CHOICES, { error: "errors.terms.days" }).transform((d) => Number(d) as 7 | 15 | 30),
  limitVnd: z.string({ error: "errors.terms.limit" }).transform((v, ctx) => {
    const n = parseVnd(v);
    if (n === null || n <= 0 || n > MAX_VND) {
      ctx.addIssue({ code: "custom", message: "errors.terms.limit" });
      return z.NEVER;
    }
    return n;
  }),
  version,
});

export const revokeTermsSchema = z.object({ companyId: idField("errors.form.tampered"), version });
