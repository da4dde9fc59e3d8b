/**
 * Conversations between a buyer and a farm (issue 14, decision 041): about a
 * listing ("Hỏi nhà vườn") or an order. A quote's talk stays in its own
 * thread (quote_messages, decision 030).
 *
 * Invariants:
 * - one conversation per buyer + farm + subject (unique indexes: buyer +
 *   listing, order); a buyer starts it, never the farm's own people;
 * - only its buyer and its farm's people with farm.messages (owner, co-op
 *   member, helper with the "orders" scope) read or write it; anyone else
 *   gets not_found and nothing changes (authorizeConversation);
 * - a message is NFC text of 1..2000 characters without control characters
 *   (forms strip them on reading; a command given one refuses it);
 * - each sender is rate-limited (MESSAGE_LIMITS) before anything is written;
 * - a stranger's message (a buyer with no order from the farm, before the
 *   farm's first reply) carrying a phone number or a link is flagged: the
 *   farm sees a warning, moderators see the count (/ops);
 * - the other side is told in the app, by email and by text, coalesced: no
 *   new notice to a person while one about the same conversation is unread,
 *   and at most one text per conversation and person per hour.
 */
import { and, desc, eq, inArray, isNull, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { conversationMessages, conversationReads, conversations, farmMembers, farms, listings, notifications, orders, users } from "../../db/schema";
import { enqueueEffects, type Transaction } from "~/effects.server";
import { audit } from "~/policy/audit.server";
import { authorizeConversation } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import type { Actor, FarmRelation } from "~/policy/policy";
import { farmRelation, messageFarmIds } from "~/policy/relations.server";
import { limits } from "~/utils/rate-limit.server";
import type { TextNotice } from "./text-notice.server";

import { MAX_MESSAGE_LENGTH } from "~/validation/messages";
export { MAX_MESSAGE_LENGTH };

export type ConversationSubject = { listingId: number } | { orderId: number };

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** A message's text as kept: NFC, trimmed, 1..2000 characters, no control characters (refused, not stripped: a command may be called without a form). */
export function messageText(body: string): string {
  if (CONTROLS.test(body)) throw new DomainError("invalid", "messages.errors.control", { field: "body" });
  const text = body.normalize("NFC").trim();
  if (!text) throw new DomainError("invalid", "errors.message.required", { field: "body" });
  if (text.length > MAX_MESSAGE_LENGTH) throw new DomainError("invalid", "errors.message.tooLong", { field: "body" });
  return text;
}

/**
 * Whether the text carries a Vietnamese phone number or a link: what a scam's
 * first message carries to move the talk off the platform. Digits split by
 * spaces, dots, dashes or brackets are joined first ("09 12.345-678");
 * fullwidth digits and letters are folded (NFKC). Prices ("1.200.000đ") do not
 * start with 0 or 84 and are not taken for phones.
 */
export function carriesContact(text: string): boolean {
  const folded = text.normalize("NFKC").toLowerCase();
  const joined = folded.replace(/(?<=\d)[\s.\-()]+(?=\d)/g, "");
  const phone = /(?:^|\D)(?:\+?84|0)\d{8,10}(?!\d)/.test(joined);
  const link =
    /(?:https?:\/\/|www\.)\S/.test(folded) ||
    /\b[a-z0-9-]+\.(?:com|net|org|vn|me|ly|io|info|xyz|top|link|app|site|online|shop|store|click|biz|cc|co|gl)\b/.test(folded);
  return phone || link;
}

/** The listing or order a buyer may ask about, with its farm; not_found when there is none for them. */
async function subjectFor(actor: Actor, subject: ConversationSubject, executor: Executor) {
  if ("listingId" in subject) {
    const [row] = await executor
      .select({ farmId: listings.farmId, title: listings.title, farmName: farms.name })
      .from(listings)
      .innerJoin(farms, eq(farms.id, listings.farmId))
      // A listing shown to nobody but its farm (deleted, hidden, a draft, or of a suspended farm: decision 037) is asked about by no one.
      .innerJoin(users, eq(users.id, farms.ownerId))
      .where(and(eq(listings.id, subject.listingId), isNull(listings.deletedAt), isNull(listings.hiddenAt), ne(listings.state, "draft"), isNull(users.suspendedAt)));
    if (!row) throw notFound();
    return { ...row, listingId: subject.listingId, orderId: null, path: `/listings/${subject.listingId}` };
  }
  const [row] = await executor
    .select({ farmId: orders.farmId, title: orders.number, farmName: farms.name, buyerId: orders.buyerId })
    .from(orders)
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .where(eq(orders.id, subject.orderId));
  if (!row || row.buyerId !== actor.userId) throw notFound();
  return { farmId: row.farmId, title: row.title, farmName: row.farmName, listingId: null, orderId: subject.orderId, path: `/orders/${subject.orderId}` };
}

/** The existing conversation about the subject, for its buyer. */
async function existingConversation(buyerId: number, subject: ConversationSubject, executor: Executor): Promise<number | null> {
  const where =
    "listingId" in subject
      ? and(eq(conversations.buyerId, buyerId), eq(conversations.listingId, subject.listingId))
      : and(eq(conversations.buyerId, buyerId), eq(conversations.orderId, subject.orderId));
  const [row] = await executor.select({ id: conversations.id }).from(conversations).where(where);
  return row?.id ?? null;
}

/** What the "ask the farm" page shows: the subject, and the conversation about it if one exists. */
export async function conversationStart(actor: Actor, subject: ConversationSubject) {
  const about = await subjectFor(actor, subject, db());
  if (await farmRelation(actor.userId, about.farmId)) throw new DomainError("conflict", "messages.errors.ownFarm");
  return { title: about.title, farmName: about.farmName, path: about.path, existingId: await existingConversation(actor.userId, subject, db()) };
}

/**
 * The buyer's first words about a listing or an order: the conversation is
 * made (or found: a second start, or a race, joins the one there is) and the
 * message added to it.
 */
export async function startConversation(actor: Actor, subject: ConversationSubject, body: string): Promise<{ conversationId: number; messageId: number }> {
  const text = messageText(body);
  // Refuses a subject that is not theirs to ask about before a turn is taken from their limit.
  await subjectFor(actor, subject, db());
  const existing = await existingConversation(actor.userId, subject, db());
  await takeTurn(actor, existing === null);
  return db().transaction(async (tx) => {
    const about = await subjectFor(actor, subject, tx);
    if (await farmRelation(actor.userId, about.farmId, tx)) throw new DomainError("conflict", "messages.errors.ownFarm");
    await tx
      .insert(conversations)
      .values({ buyerId: actor.userId, farmId: about.farmId, listingId: about.listingId, orderId: about.orderId })
      .onConflictDoNothing();
    const conversationId = await existingConversation(actor.userId, subject, tx);
    if (conversationId === null) throw notFound();
    const messageId = await addMessage(tx, actor, { conversationId, farmId: about.farmId, side: "buyer" }, text);
    return { conversationId, messageId };
  });
}

/** A message in a conversation the actor takes part in. */
export async function postMessage(actor: Actor, conversationId: number, body: string): Promise<{ messageId: number }> {
  const text = messageText(body);
  // Refuses a stranger before a turn is taken from anyone's limit.
  await authorizeConversation(actor, "conversation.take_part", conversationId);
  await takeTurn(actor, false);
  return db().transaction(async (tx) => {
    const { side, farmId, relation } = await authorizeConversation(actor, "conversation.take_part", conversationId, tx);
    return { messageId: await addMessage(tx, actor, { conversationId, farmId, side, relation }, text) };
  });
}

async function takeTurn(actor: Actor, starting: boolean): Promise<void> {
  const wait = await limits().takeMessage(actor.userId, starting);
  if (wait > 0) throw new DomainError("invalid", "messages.errors.limited", { field: "body", params: { minutes: Math.ceil(wait / 60) } });
}

/** A stranger to the farm: no order from it that went ahead, and no word from the farm in this conversation yet. */
async function fromStranger(tx: Transaction, buyerId: number, farmId: number, conversationId: number): Promise<boolean> {
  const [conversation] = await tx.select({ lastFarm: conversations.lastFarmMessageId }).from(conversations).where(eq(conversations.id, conversationId));
  if (conversation.lastFarm !== null) return false;
  const [order] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.buyerId, buyerId),
        eq(orders.farmId, farmId),
        notInArray(orders.status, ["awaiting_payment", "awaiting_approval", "declined", "cancelled", "expired"]),
      ),
    )
    .limit(1);
  return order === undefined;
}

async function addMessage(
  tx: Transaction,
  actor: Actor,
  where: { conversationId: number; farmId: number; side: "buyer" | "farm"; relation?: FarmRelation },
  text: string,
): Promise<number> {
  const { conversationId, farmId, side } = where;
  const flagged = side === "buyer" && carriesContact(text) && (await fromStranger(tx, actor.userId, farmId, conversationId));
  const [message] = await tx
    .insert(conversationMessages)
    .values({ conversationId, authorId: actor.userId, side, body: text, flaggedAt: flagged ? new Date() : null })
    .returning({ id: conversationMessages.id });
  await tx
    .update(conversations)
    .set(side === "buyer" ? { lastBuyerMessageId: message.id, lastMessageAt: new Date() } : { lastFarmMessageId: message.id, lastMessageAt: new Date() })
    .where(eq(conversations.id, conversationId));
  await markRead(tx, actor.userId, conversationId, message.id);
  await audit(tx, actor, { action: "conversation.message", subject: { type: "conversation", id: conversationId }, farmId, relation: where.relation, after: { messageId: message.id } });
  await tellOtherSide(tx, actor, conversationId, side);
  return message.id;
}

async function markRead(executor: Executor, userId: number, conversationId: number, messageId: number): Promise<void> {
  await executor
    .insert(conversationReads)
    .values({ conversationId, userId, readMessageId: messageId })
    .onConflictDoUpdate({
      target: [conversationReads.conversationId, conversationReads.userId],
      set: { readMessageId: sql`greatest(${conversationReads.readMessageId}, excluded.read_message_id)` },
    });
}

/**
 * Tells the other side: the buyer when the farm wrote; the farm's owner and
 * co-op members when the buyer did (helpers see the unread mark in their
 * inbox). Coalesced: someone with an unread notice about this conversation
 * gets no other (reading the conversation reads its notices); a text at most
 * once an hour per conversation and person, to those without email.
 */
async function tellOtherSide(tx: Transaction, actor: Actor, conversationId: number, side: "buyer" | "farm"): Promise<void> {
  const [about] = await tx
    .select({ buyerId: conversations.buyerId, farmId: conversations.farmId, ownerId: farms.ownerId, farmName: farms.name, buyerName: users.displayName })
    .from(conversations)
    .innerJoin(farms, eq(farms.id, conversations.farmId))
    .innerJoin(users, eq(users.id, conversations.buyerId))
    .where(eq(conversations.id, conversationId));
  const people =
    side === "farm"
      ? [about.buyerId]
      : [
          about.ownerId,
          ...(
            await tx
              .select({ userId: farmMembers.userId })
              .from(farmMembers)
              .where(and(eq(farmMembers.farmId, about.farmId), eq(farmMembers.role, "coop_member")))
          ).map((m) => m.userId),
        ];
  const recipients = [...new Set(people)].filter((id) => id !== actor.userId);
  if (!recipients.length) return;
  const kind = side === "farm" ? "message_from_farm" : "message_from_buyer";
  const waiting = await tx
    .select({ userId: notifications.userId })
    .from(notifications)
    .where(
      and(
        inArray(notifications.userId, recipients),
        inArray(notifications.kind, ["message_from_farm", "message_from_buyer"]),
        isNull(notifications.readAt),
        sql`${notifications.params}->>'conversationId' = ${String(conversationId)}`,
      ),
    );
  const toTell = recipients.filter((id) => !waiting.some((w) => w.userId === id));
  if (!toTell.length) return;
  const params = { conversationId: String(conversationId), farm: about.farmName, buyer: about.buyerName };
  const notified = await tx
    .insert(notifications)
    .values(toTell.map((userId) => ({ userId, kind, params })))
    .returning({ id: notifications.id });
  const hour = Math.floor(Date.now() / 3600_000);
  const texts: TextNotice[] = toTell.map((userId) => ({
    userId,
    template: side === "farm" ? "messageFromFarm" : "messageFromBuyer",
    params: { farm: about.farmName },
    path: `/messages/${conversationId}`,
    key: `conversation:${conversationId}:user:${userId}:hour:${hour}`,
    onlyWithoutEmail: true,
    purpose: "message",
  }));
  await enqueueEffects(tx, { notified: notified.map((n) => n.id), texts });
}

/** One conversation as its page shows it; reading it marks it (and its notices) read for the reader. */
export async function conversationFor(actor: Actor, conversationId: number) {
  const { side } = await authorizeConversation(actor, "conversation.take_part", conversationId);
  const [head] = await db()
    .select({
      id: conversations.id,
      farmName: farms.name,
      farmSlug: farms.slug,
      buyerName: users.displayName,
      listingId: conversations.listingId,
      listingTitle: listings.title,
      orderId: conversations.orderId,
      orderNumber: orders.number,
    })
    .from(conversations)
    .innerJoin(farms, eq(farms.id, conversations.farmId))
    .innerJoin(users, eq(users.id, conversations.buyerId))
    .leftJoin(listings, eq(listings.id, conversations.listingId))
    .leftJoin(orders, eq(orders.id, conversations.orderId))
    .where(eq(conversations.id, conversationId));
  const messages = await db()
    .select({
      id: conversationMessages.id,
      side: conversationMessages.side,
      authorName: users.displayName,
      body: conversationMessages.body,
      flagged: sql<boolean>`${conversationMessages.flaggedAt} is not null`,
      createdAt: conversationMessages.createdAt,
    })
    .from(conversationMessages)
    .innerJoin(users, eq(users.id, conversationMessages.authorId))
    .where(eq(conversationMessages.conversationId, conversationId))
    .orderBy(conversationMessages.id);
  const last = messages.at(-1);
  if (last) await markRead(db(), actor.userId, conversationId, last.id);
  await db()
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt), sql`${notifications.params}->>'conversationId' = ${String(conversationId)}`));
  return {
    side,
    head,
    subject: head.listingId !== null ? { path: `/listings/${head.listingId}`, title: head.listingTitle ?? "" } : { path: `/orders/${head.orderId}`, title: head.orderNumber ?? "" },
    // The warning is for the reader: the sender knows what they wrote.
    messages: messages.map((m) => ({ ...m, warn: m.flagged && m.side !== side })),
  };
}

/** The person's conversations: as a buyer, and for the farms they may answer; the newest first, with unread marks. */
export async function inbox(actor: Actor) {
  const u = actor.userId;
  const rows = await db()
    .select({
      id: conversations.id,
      side: sql<"buyer" | "farm">`case when ${conversations.buyerId} = ${u} then 'buyer' else 'farm' end`,
      farmName: farms.name,
      buyerName: users.displayName,
      listingTitle: listings.title,
      orderNumber: orders.number,
      lastMessageAt: conversations.lastMessageAt,
      unread: sql<boolean>`case when ${conversations.buyerId} = ${u}
        then coalesce(${conversations.lastFarmMessageId}, 0) > coalesce(${conversationReads.readMessageId}, 0)
        else coalesce(${conversations.lastBuyerMessageId}, 0) > coalesce(${conversationReads.readMessageId}, 0) end`,
    })
    .from(conversations)
    .innerJoin(farms, eq(farms.id, conversations.farmId))
    .innerJoin(users, eq(users.id, conversations.buyerId))
    .leftJoin(listings, eq(listings.id, conversations.listingId))
    .leftJoin(orders, eq(orders.id, conversations.orderId))
    .leftJoin(conversationReads, and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, u)))
    .where(or(eq(conversations.buyerId, u), sql`${conversations.farmId} in ${messageFarmIds(u)}`))
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(100);
  return rows.map((r) => ({ ...r, subject: r.listingTitle ?? r.orderNumber ?? "" }));
}

/**
 * Conversations with words from the other side the person has not read, as an expression: the
 * header's count (models/header.server.ts asks it with the others). Two index scans (by buyer, by
 * farm) added up, rather than one OR that would read the whole table.
 */
export function unreadConversationsSql(userId: number): SQL<number> {
  return sql<number>`((
      select count(*) from ${conversations} c
      left join ${conversationReads} r on r.conversation_id = c.id and r.user_id = ${userId}
      where c.buyer_id = ${userId} and c.last_farm_message_id > coalesce(r.read_message_id, 0)
    ) + (
      select count(*) from ${conversations} c
      left join ${conversationReads} r on r.conversation_id = c.id and r.user_id = ${userId}
      where c.farm_id in ${messageFarmIds(userId)} and c.buyer_id <> ${userId} and c.last_buyer_message_id > coalesce(r.read_message_id, 0)
    ))::int`;
}

/** Conversations with unread words from the other side. One query. */
export async function unreadConversations(userId: number): Promise<number> {
  const [row] = await db().execute<{ n: number }>(sql`select ${unreadConversationsSql(userId)} as n`);
  return row?.n ?? 0;
}

/** Flagged messages of the last 30 days, for the moderators' workspace count. */
export async function flaggedMessageCount(): Promise<number> {
  const [row] = await db().execute<{ n: number }>(
    sql`select count(*)::int as n from ${conversationMessages} where flagged_at > now() - interval '30 days'`,
  );
  return row?.n ?? 0;
}

/** Where the order page's message link leads the actor: its conversation, the form to begin one (its buyer), or nowhere. */
export async function orderConversationPath(actor: Actor, orderId: number): Promise<string | null> {
  const [conversation] = await db().select({ id: conversations.id }).from(conversations).where(eq(conversations.orderId, orderId));
  if (conversation) {
    try {
      await authorizeConversation(actor, "conversation.take_part", conversation.id);
      return `/messages/${conversation.id}`;
    } catch {
      return null;
    }
  }
  const [order] = await db().select({ buyerId: orders.buyerId }).from(orders).where(eq(orders.id, orderId));
  return order?.buyerId === actor.userId ? `/messages/new?order=${orderId}` : null;
}
