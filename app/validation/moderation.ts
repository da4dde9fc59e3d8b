/**
 * Reports, hidden listings and suspended accounts (decision 037): the forms'
 * schemas, shared by the browser and the server. Messages are i18n keys.
 */
import { REPORT_REASONS } from "./choices";
import { z } from "./zod";
import { idField } from "./ids";

export const REPORT_SUBJECTS = ["listing", "farm", "review"] as const;
export { REPORT_REASONS };

/** Anyone's report of a listing or a farm: a reason from the list, and a note if they like. */
export const reportSchema = z.object({
  subjectType: z.enum(REPORT_SUBJECTS, { error: "moderation.errors.subject" }),
  subjectId: idField("moderation.errors.subject"),
  reason: z.enum(REPORT_REASONS, { error: "moderation.errors.reason" }),
  note: z
    .string()
    .trim()
    .max(1000, "moderation.errors.noteTooLong")
    .optional()
    .transform((v) => v ?? ""),
});
export type ReportInput = z.infer<typeof reportSchema>;

/** Why a moderator hides a listing (or suspends an account): what the farm (or the person) reads. */
const reasonField = z
  .string({ error: "moderation.errors.reasonRequired" })
  .trim()
  .min(5, "moderation.errors.reasonRequired")
  .max(500, "moderation.errors.reasonTooLong");

/** The moderators' queue: one form per subject, the move in `intent`. */
export const moderateSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("hide"), listingId: idField("moderation.errors.subject"), reason: reasonField }),
  z.object({ intent: z.literal("show"), listingId: idField("moderation.errors.subject") }),
  // A review (decision 040): hidden with a reason its buyer reads.
  z.object({ intent: z.literal("hide-review"), reviewId: idField("moderation.errors.subject"), reason: reasonField }),
  z.object({ intent: z.literal("dismiss"), subjectType: z.enum(REPORT_SUBJECTS, { error: "moderation.errors.subject" }), subjectId: idField("moderation.errors.subject") }),
], { error: "moderation.errors.intent" });

/** Finding an account: part of a phone number, an email address or a name. */
export const accountSearchSchema = z.object({
  q: z
    .string()
    .trim()
    .max(100, "accounts.errors.queryTooLong")
    .optional()
    .transform((v) => v ?? ""),
});

/** Suspending (with a reason, confirmed: it ends sessions and declines orders) or restoring an account. */
export const accountSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("suspend"), userId: idField("accounts.errors.account"), reason: reasonField, confirm: z.literal("1", { error: "accounts.errors.confirm" }) }),
  z.object({ intent: z.literal("restore"), userId: idField("accounts.errors.account") }),
], { error: "moderation.errors.intent" });
