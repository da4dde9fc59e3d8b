import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { farms } from "./farms";
import { listings } from "./listings";
import { orders } from "./orders";
import { users } from "./users";

/**
 * Conversations between a buyer and a farm (issue 14, decision 041), about
 * one listing or one order: one per buyer + farm + subject. A quote's talk
 * stays in quote_messages (decision 030).
 */
export const messageSideEnum = pgEnum("message_side", ["buyer", "farm"]);

export const conversations = pgTable(
  "conversations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    buyerId: integer("buyer_id")
      .notNull()
      .references(() => users.id),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id),
    listingId: integer("listing_id").references(() => listings.id),
    orderId: integer("order_id").references(() => orders.id),
    /** The newest message from each side (null: none yet): the unread marks compare a person's read mark with the other side's. */
    lastBuyerMessageId: integer("last_buyer_message_id"),
    lastFarmMessageId: integer("last_farm_message_id"),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("conversations_one_subject", sql`(${t.listingId} is null) <> (${t.orderId} is null)`),
    uniqueIndex("conversations_listing_key").on(t.buyerId, t.listingId).where(sql`listing_id is not null`),
    uniqueIndex("conversations_order_key").on(t.orderId).where(sql`order_id is not null`),
    index("conversations_buyer_idx").on(t.buyerId, t.lastMessageAt),
    index("conversations_farm_idx").on(t.farmId, t.lastMessageAt),
  ],
);

export const conversationMessages = pgTable(
  "conversation_messages",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    side: messageSideEnum("side").notNull(),
    body: text("body").notNull(),
    /** A stranger's first words carrying a phone number or a link (a common scam): the reader is warned, moderators count them. */
    flaggedAt: timestamp("flagged_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("conversation_messages_conversation_idx").on(t.conversationId, t.id),
    index("conversation_messages_flagged_idx").on(t.flaggedAt).where(sql`flagged_at is not null`),
    check("conversation_messages_body_length", sql`char_length(${t.body}) between 1 and 2000`),
  ],
);

/** How far each person has read each conversation (the farm's several people read apart). */
export const conversationReads = pgTable(
  "conversation_reads",
  {
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    readMessageId: integer("read_message_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] })],
);
