/**
 * Notifications: in the app always (the bell), and by email too when SMTP is
 * configured and the person has an email address. Emails are sent by a job
 * queued in the transaction that made the notification (app/effects.server.ts),
 * so none is sent for a command that rolled back and none is lost in a crash
 * after commit. One that fails stays unsent (emailed_at null) and fails the
 * job, which pg-boss tries again with backoff; those already sent are skipped.
 * At least once: a crash between the mail server's answer and emailed_at
 * being set sends that one again.
 */
import { and, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { db } from "../../db/client";
import { notifications, orders, users } from "../../db/schema";
import { mailer, sendMail } from "~/utils/mailer.server";
import { publicOrigin } from "~/utils/env.server";
import { DEFAULT_LOCALE, isLocale } from "~/utils/i18n";
import { i18nFor } from "~/utils/i18n.server";
import { log } from "~/utils/log.server";

/**
 * Emails the given notifications not emailed yet to those who have an email
 * address. Returns how many were sent; throws, after trying them all, when
 * any failed.
 */
export async function emailNotifications(ids: number[]): Promise<number> {
  if (ids.length === 0 || !mailer()) return 0;
  const rows = await db()
    .select({ id: notifications.id, kind: notifications.kind, orderId: notifications.orderId, params: notifications.params, email: users.email, locale: users.locale, number: orders.number })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(orders, eq(orders.id, notifications.orderId))
    .where(and(inArray(notifications.id, ids), isNull(notifications.emailedAt)));
  let sent = 0;
  const failed: number[] = [];
  for (const row of rows) {
    if (!row.email) continue;
    const i18n = i18nFor(isLocale(row.locale) ? row.locale : DEFAULT_LOCALE);
    const subject = i18n.t(`notifications.${row.kind}`, { ...row.params, number: row.number ?? "", defaultValue: row.kind });
    const path = notificationPath(row);
    const link = path ? `${publicOrigin()}${path}` : "";
    try {
      await sendMail({ to: row.email, subject: `${subject} · ${i18n.t("brand")}`, text: `${subject}\n\n${link}\n` });
      await db().update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, row.id));
      sent++;
    } catch (error) {
      log.error(`email for notification ${row.id} failed: ${(error as Error).message}`);
      failed.push(row.id);
    }
  }
  if (failed.length) throw new Error(`emails for notifications ${failed.join(", ")} failed`);
  return sent;
}

/** Unread notifications, as an expression: the bell's count (models/header.server.ts asks it with the others). */
export function unreadNotificationsSql(userId: number): SQL<number> {
  return sql<number>`(select count(*)::int from ${notifications} n where n.user_id = ${userId} and n.read_at is null)`;
}

/** Unread notifications. */
export async function unreadNotifications(userId: number): Promise<number> {
  const [row] = await db().execute<{ n: number }>(sql`select ${unreadNotificationsSql(userId)} as n`);
  return row?.n ?? 0;
}

/** The latest notifications; seeing them marks them read. */
export async function listNotifications(userId: number) {
  const rows = await db()
    .select({ id: notifications.id, kind: notifications.kind, orderId: notifications.orderId, params: notifications.params, readAt: notifications.readAt, createdAt: notifications.createdAt, number: orders.number })
    .from(notifications)
    .leftJoin(orders, eq(orders.id, notifications.orderId))
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(50);
  await db().update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return rows.map((row) => ({ ...row, path: notificationPath(row) }));
}

/** Notices about the farm's papers (decision 036): they lead to its verification page. */
const VERIFICATION_NOTICES = new Set(["verification_approved", "verification_rejected", "certificate_expiring"]);

/** Where a notification leads: its order, or the request for quotation it tells of (decision 030). */
export function notificationPath(row: { kind: string; orderId: number | null; params: Record<string, string> }): string | null {
  // An approver is led to the company's list of purchases waiting (decision 033).
  if (row.kind === "approval_requested" && row.params.companyId) return `/business/${row.params.companyId}/approvals`;
  // Reviews (decision 040): the farm answers on its reviews page; the buyer reads the reply (or why it was hidden) on the order's review page.
  if (row.kind === "review_received") return "/sell/reviews";
  if ((row.kind === "review_replied" || row.kind === "review_hidden") && row.orderId) return `/orders/${row.orderId}/review`;
  // A buyer–farm conversation (decision 041).
  if (row.params.conversationId) return `/messages/${row.params.conversationId}`;
  if (row.orderId) return `/orders/${row.orderId}`;
  // An endpoint switched off after failing (decision 045): its page, with the log.
  if (row.kind === "webhook_disabled" && row.params.path) return row.params.path;
  if (row.kind === "rfq_matched" && row.params.requestId) return `/sell/requests/${row.params.requestId}`;
  if (row.kind === "quote_received" && row.params.requestId) return `/business/requests/${row.params.requestId}`;
  if (row.kind.startsWith("standing_") && row.params.standingId) return `/standing/${row.params.standingId}`;
  // Decision 034: closing at the deadline, the helper's households, quote threads.
  if ((row.kind === "rfq_closed" || row.kind === "quote_message_buyer") && row.params.requestId) return `/business/requests/${row.params.requestId}`;
  if ((row.kind === "rfq_closed_farm" || row.kind === "quote_message_farm") && row.params.requestId) return `/sell/requests/${row.params.requestId}`;
  if (row.kind === "rfq_matched_helper") return "/help/inbox#requests";
  if (VERIFICATION_NOTICES.has(row.kind)) return "/sell/verification";
  // A listing a moderator hid, kept hidden or showed again: the farm's edit page says why (decision 037).
  if (row.kind.startsWith("listing_") && row.params.listingId) return `/sell/listings/${row.params.listingId}/edit`;
  return null;
}
