/**
 * Notices by text message (SMS, Zalo) through the messaging port, for those
 * the app and email do not reach: a household often has a phone and no email
 * (decision 034). Commands queue them as "send-text" jobs in their
 * transaction (app/effects.server.ts); the worker sends each here.
 *
 * Invariants:
 * - a notice's key names what it is about ("rfq-matched:12:farm:34"): the
 *   key is recorded (text_notices) in the same transaction that sends it, so
 *   a retried job, or a second notice with that key, sends nothing more — one
 *   text per farm per request, one per thread and person per hour;
 * - the text is always Vietnamese: a brandname provider sends only texts
 *   registered as templates (rfqNotices.sms in app/locales/vi.ts);
 * - `onlyWithoutEmail`: skipped for someone with an email address (the email
 *   notification reaches them);
 * - a phone the provider refuses is given up (logged), an outage is retried.
 */
import { eq, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { textNotices, users } from "../../db/schema";
import { MessagingError, messaging, type MessagingPort } from "~/messaging/index.server";
import { publicOrigin } from "~/utils/env.server";
import { i18nFor } from "~/utils/i18n.server";
import { log } from "~/utils/log.server";

export type TextTemplate = "rfqMatched" | "rfqClosed" | "rfqClosedFarm" | "quoteReceived" | "quoteMessage" | "messageFromBuyer" | "messageFromFarm" | "termsBefore" | "termsDue" | "termsOverdue";

export type TextNotice = {
  userId: number;
  template: TextTemplate;
  params: Record<string, string>;
  /** Where the text's link leads (a path of this site). */
  path: string;
  /** What the notice is about: one text per key, ever. */
  key: string;
  onlyWithoutEmail?: boolean;
  /** What the provider's report calls it; "rfq-<template>" unless given. */
  purpose?: string;
};

/** The message's text (Vietnamese: registered templates). */
export function textNoticeText(notice: Pick<TextNotice, "template" | "params" | "path">, origin = publicOrigin()): string {
  // One line, short: a product name typed over several lines or at length would break the template or the message's length.
  const params = Object.fromEntries(Object.entries(notice.params).map(([k, v]) => [k, v.replace(/\s+/g, " ").trim().slice(0, 60)]));
  return i18nFor("vi").t(`rfqNotices.sms.${notice.template}`, { ...params, link: `${origin}${notice.path}` });
}

/** Sends one notice unless its key was sent before or the person has no phone; says what happened. */
export async function sendTextNotice(notice: TextNotice, port: MessagingPort = messaging()): Promise<"sent" | "skipped"> {
  const [user] = await db().select({ phone: users.phone, email: users.email }).from(users).where(eq(users.id, notice.userId));
  if (!user?.phone || (notice.onlyWithoutEmail && user.email)) return "skipped";
  const phone = user.phone;
  try {
    return await db().transaction(async (tx) => {
      // The key's row is held (uncommitted) while sending: a second worker on the same key waits, then finds it.
      const taken = await tx.execute(sql`insert into text_notices (key, user_id) values (${notice.key}, ${notice.userId}) on conflict (key) do nothing returning key`);
      if (!taken.length) return "skipped" as const;
      await port.send({ to: phone, text: textNoticeText(notice), purpose: notice.purpose ?? `rfq-${notice.template}`, requestId: notice.key.replace(/[^a-zA-Z0-9-]/g, "-") });
      return "sent" as const;
    });
  } catch (error) {
    // Retrying does not help a refused phone, nor a message the provider already took.
    if (error instanceof MessagingError && (error.kind === "recipient" || error.kind === "duplicate")) {
      log.error(`text notice ${notice.key} not sent: ${error.message}`);
      await db().insert(textNotices).values({ key: notice.key, userId: notice.userId }).onConflictDoNothing();
      return "skipped";
    }
    throw error;
  }
}
