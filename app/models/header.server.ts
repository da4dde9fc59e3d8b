/**
 * The counts in a signed-in person's header — cart lines, unread
 * notifications, conversations with unread words — asked in one query: every
 * signed-in page shows them, and three round trips for three numbers were
 * half the queries of a page such as /orders (issue 16).
 */
import { sql } from "drizzle-orm";
import { db } from "../../db/client";
import { cartCountSql } from "./cart.server";
import { unreadConversationsSql } from "./conversation.server";
import { unreadNotificationsSql } from "./notification.server";

export type HeaderCounts = { cart: number; unread: number; unreadMessages: number };

export async function headerCounts(userId: number): Promise<HeaderCounts> {
  const [row] = await db().execute<HeaderCounts>(sql`select
    ${cartCountSql(userId)} as cart,
    ${unreadNotificationsSql(userId)} as unread,
    ${unreadConversationsSql(userId)} as "unreadMessages"`);
  return { cart: row?.cart ?? 0, unread: row?.unread ?? 0, unreadMessages: row?.unreadMessages ?? 0 };
}
