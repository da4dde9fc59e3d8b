/**
 * Buyer–farm conversations (issue 14 §2, decision 041) against real
 * PostgreSQL: who may read and write (everyone else 404, nothing changed),
 * one conversation per subject, unread counts, the stranger's flag, the
 * rate limit, and the coalesced notices (texts answered at eSMS's edge).
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { conversationMessages, conversations, farmMembers, notifications, userRoles, users } from "../../db/schema";
import { activeListing } from "../../tests/company-factories";
import { as, checkoutCart, createAccount, createFarmer } from "../../tests/factories";
import { ESMS_TEST_ACCOUNT, serveFakeEsms } from "../../tests/handlers/esms";
import { addHelper, createTeam, grantConsent, giveRole } from "../../tests/helpers-factories";
import { messagingFor } from "~/messaging/index.server";
import { parseEnv } from "~/utils/env.server";
import { MESSAGE_LIMITS } from "~/utils/rate-limit.server";
import { addToCart } from "./cart.server";
import {
  carriesContact,
  conversationFor,
  conversationStart,
  flaggedMessageCount,
  inbox,
  orderConversationPath,
  postMessage,
  startConversation,
  unreadConversations,
} from "./conversation.server";
import { notificationPath } from "./notification.server";
import { sendTextNotice, type TextNotice } from "./text-notice.server";

let edge: Awaited<ReturnType<typeof serveFakeEsms>>;
let esms: ReturnType<typeof messagingFor>;
beforeAll(async () => {
  edge = await serveFakeEsms();
  esms = messagingFor(
    parseEnv({ SMS_PROVIDER: "esms", ESMS_API_KEY: ESMS_TEST_ACCOUNT.apiKey, ESMS_SECRET_KEY: ESMS_TEST_ACCOUNT.secretKey, ESMS_BRANDNAME: ESMS_TEST_ACCOUNT.brandname, ESMS_BASE_URL: edge.baseUrl }),
  );
});
afterAll(() => edge.close());

/** A farm with a listing, a co-op member, a helper with the orders scope and one with listings only. */
async function farmWithPeople() {
  const owner = await createFarmer();
  const listing = await activeListing(owner, owner.farm.id);
  const coop = await createAccount(["farmer"]);
  await db().insert(farmMembers).values({ farmId: owner.farm.id, userId: coop.id, role: "coop_member" });
  const team = await createTeam();
  const orderHelper = await addHelper(team.id);
  await grantConsent(owner.farm.id, team.id, orderHelper.id, { scopes: ["orders"] });
  const otherTeam = await createTeam("Tổ khác");
  const listingsHelper = await addHelper(otherTeam.id);
  await grantConsent(owner.farm.id, otherTeam.id, listingsHelper.id, { scopes: ["listings"] });
  return { owner, listingId: listing.id, coop, orderHelper, listingsHelper };
}

async function rowCounts() {
  const [row] = await db().execute<Record<string, number>>(sql`select
    (select count(*)::int from conversations) as conversations,
    (select count(*)::int from conversation_messages) as messages,
    (select count(*)::int from conversation_reads) as reads,
    (select count(*)::int from notifications) as notifications,
    (select count(*)::int from audit_events) as audits,
    (select count(*)::int from pgboss.job where name = 'send-text') as texts`);
  return { ...row };
}

async function queuedTexts(keyPrefix: string): Promise<TextNotice[]> {
  const rows = await db().execute<{ data: TextNotice }>(sql`select data from pgboss.job where name = 'send-text' and data->>'key' like ${`${keyPrefix}%`} order by created_on`);
  return [...rows].map((r) => r.data);
}

describe("conversations", () => {
  it("a buyer asks from a listing, the farm answers; one conversation per buyer and listing; unread counts on both sides", async () => {
    const farm = await farmWithPeople();
    const buyer = await createAccount(["consumer"]);
    const start = await conversationStart(as(buyer), { listingId: farm.listingId });
    expect(start.existingId).toBeNull();
    const { conversationId } = await startConversation(as(buyer), { listingId: farm.listingId }, "  Cà chua còn không ạ?  ");
    // A second start joins the same conversation.
    const again = await startConversation(as(buyer), { listingId: farm.listingId }, "Cho tôi 5 kg.");
    expect(again.conversationId).toBe(conversationId);
    expect((await conversationStart(as(buyer), { listingId: farm.listingId })).existingId).toBe(conversationId);

    // Every farm person who may answer sees one unread conversation; the buyer none.
    for (const person of [farm.owner, farm.coop, farm.orderHelper]) expect(await unreadConversations(person.id)).toBe(1);
    expect(await unreadConversations(farm.listingsHelper.id)).toBe(0);
    expect(await unreadConversations(buyer.id)).toBe(0);
    expect((await inbox(as(farm.orderHelper))).map((c) => [c.id, c.side, c.unread])).toEqual([[conversationId, "farm", true]]);

    const seen = await conversationFor(as(farm.owner), conversationId);
    expect(seen.side).toBe("farm");
    expect(seen.messages.map((m) => m.body)).toEqual(["Cà chua còn không ạ?", "Cho tôi 5 kg."]);
    // Each reads apart: the owner read it, the co-op member not yet.
    expect(await unreadConversations(farm.owner.id)).toBe(0);
    expect(await unreadConversations(farm.coop.id)).toBe(1);

    await postMessage(as(farm.owner), conversationId, "Còn ạ, 35.000đ một ký.");
    expect(await unreadConversations(buyer.id)).toBe(1);
    expect(await inbox(as(buyer))).toMatchObject([{ id: conversationId, side: "buyer", unread: true, subject: "Cà chua bi Đà Lạt" }]);
    const read = await conversationFor(as(buyer), conversationId);
    expect(read.messages.at(-1)).toMatchObject({ side: "farm", body: "Còn ạ, 35.000đ một ký." });
    expect(await unreadConversations(buyer.id)).toBe(0);
    // The farm's answer is not unread for the one who wrote it; the helper has not read the buyer's words yet.
    expect(await unreadConversations(farm.owner.id)).toBe(0);
    expect(await unreadConversations(farm.orderHelper.id)).toBe(1);
  });

  it("refuses anyone else with not_found and changes nothing: strangers, other farms' people, helpers without the orders scope, operators, moderators", async () => {
    const farm = await farmWithPeople();
    const buyer = await createAccount(["consumer"]);
    const { conversationId } = await startConversation(as(buyer), { listingId: farm.listingId }, "Xin chào nhà vườn");
    const otherFarm = await createFarmer();
    const operator = await createAccount(["consumer"]);
    await giveRole(operator.id, "operator");
    const moderator = await createAccount(["consumer"]);
    await db().insert(userRoles).values({ userId: moderator.id, role: "moderator" });
    const outsiders = {
      stranger: as(await createAccount(["consumer"])),
      "another farm's owner": as(otherFarm, ["farmer"]),
      "a helper with the listings scope only": as(farm.listingsHelper),
      operator: as(operator, ["consumer", "operator"]),
      moderator: as(moderator, ["consumer", "moderator"]),
    };
    const before = await rowCounts();
    for (const [name, actor] of Object.entries(outsiders)) {
      await expect(conversationFor(actor, conversationId), name).rejects.toMatchObject({ kind: "not_found" });
      await expect(postMessage(actor, conversationId, "Tôi xen vào"), name).rejects.toMatchObject({ kind: "not_found" });
      expect(await inbox(actor), name).toEqual([]);
      expect(await unreadConversations(actor.userId), name).toBe(0);
      expect(await orderConversationPath(actor, 999999), name).toBeNull();
    }
    // A conversation that does not exist answers the same, and so does another's order or a missing listing.
    await expect(conversationFor(as(buyer), conversationId + 1000)).rejects.toMatchObject({ kind: "not_found" });
    await expect(startConversation(outsiders.stranger, { listingId: 999999 }, "Có ai không")).rejects.toMatchObject({ kind: "not_found" });
    await expect(startConversation(outsiders.stranger, { orderId: 999999 }, "Đơn của tôi")).rejects.toMatchObject({ kind: "not_found" });
    expect(await rowCounts()).toEqual(before);
    const [{ n: turns }] = await db().execute<{ n: number }>(sql`select count(*)::int as n from rate_limits where key in (${`message_user:${outsiders.stranger.userId}`}, ${`conversation_user:${outsiders.stranger.userId}`})`);
    expect(turns).toBe(0);
    const [still] = await db().select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversationId));
    expect(still.body).toBe("Xin chào nhà vườn");

    // Those with a part may: the co-op member and the helper with the orders scope.
    await postMessage(as(farm.coop), conversationId, "Chào bạn");
    await postMessage(as(farm.orderHelper), conversationId, "Tổ hỗ trợ trả lời giúp hộ");
    expect((await conversationFor(as(buyer), conversationId)).messages).toHaveLength(3);

    // The farm's own people cannot start one with their farm; nobody asks about another's order.
    await expect(startConversation(as(farm.owner), { listingId: farm.listingId }, "Tự hỏi")).rejects.toMatchObject({ code: "messages.errors.ownFarm" });
    await expect(startConversation(as(farm.orderHelper), { listingId: farm.listingId }, "Tự hỏi")).rejects.toMatchObject({ code: "messages.errors.ownFarm" });
    await expect(startConversation(as(buyer), { listingId: 999999 }, "Có ai không")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("about an order: only its buyer starts it; the order page leads both sides to it", async () => {
    const farm = await farmWithPeople();
    const buyer = await createAccount(["consumer"]);
    await addToCart(buyer.id, farm.listingId, 2);
    const placed = await checkoutCart(buyer.id);
    if (!placed.ok) throw new Error("checkout failed");
    const orderId = placed.orderIds[0];
    const stranger = await createAccount(["consumer"]);
    expect(await orderConversationPath(as(stranger), orderId)).toBeNull();
    await expect(startConversation(as(stranger), { orderId }, "Đơn của ai?")).rejects.toMatchObject({ kind: "not_found" });
    expect(await orderConversationPath(as(buyer), orderId)).toBe(`/messages/new?order=${orderId}`);
    const { conversationId } = await startConversation(as(buyer), { orderId }, "Giao buổi sáng giúp tôi nhé, gọi 0912 345 678");
    expect(await orderConversationPath(as(buyer), orderId)).toBe(`/messages/${conversationId}`);
    expect(await orderConversationPath(as(farm.orderHelper), orderId)).toBe(`/messages/${conversationId}`);
    expect(await orderConversationPath(as(farm.listingsHelper), orderId)).toBeNull();
    // A buyer with an order from the farm is no stranger: a phone number is not flagged.
    const [message] = await db().select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversationId));
    expect(message.flaggedAt).toBeNull();
  });

  it("flags a stranger's first messages carrying a phone number or a link: the farm is warned, the moderators count it", async () => {
    const farm = await farmWithPeople();
    const stranger = await createAccount(["consumer"]);
    const before = await flaggedMessageCount();
    const { conversationId } = await startConversation(as(stranger), { listingId: farm.listingId }, "Kết bạn Zalo 09.12.345.678 để mua sỉ");
    await postMessage(as(stranger), conversationId, "Giá 1.200.000đ cho 50 kg được không?");
    await postMessage(as(stranger), conversationId, "Xem thêm ở bit.ly/gia-si");
    expect(await flaggedMessageCount()).toBe(before + 2);
    const farmView = await conversationFor(as(farm.owner), conversationId);
    expect(farmView.messages.map((m) => m.warn)).toEqual([true, false, true]);
    // The sender is not warned of their own words.
    expect((await conversationFor(as(stranger), conversationId)).messages.map((m) => m.warn)).toEqual([false, false, false]);
    // Once the farm has answered, the talk is no longer a stranger's first words.
    await postMessage(as(farm.owner), conversationId, "Chào bạn, bạn đặt trên sàn nhé.");
    await postMessage(as(stranger), conversationId, "Vâng, số tôi 0987654321");
    expect(await flaggedMessageCount()).toBe(before + 2);
    // The farm's own words are never flagged.
    await postMessage(as(farm.owner), conversationId, "Vườn ở https://example.vn");
    expect(await flaggedMessageCount()).toBe(before + 2);
  });

  it("a listing of a suspended farm is asked about by no one (decision 037): not found, nothing written", async () => {
    const k = await farmWithPeople();
    const buyer = await createAccount(["consumer"]);
    await db().update(users).set({ suspendedAt: new Date(), suspendedReason: "thử" }).where(eq(users.id, k.owner.id));
    const before = await rowCounts();
    await expect(conversationStart(as(buyer), { listingId: k.listingId })).rejects.toMatchObject({ kind: "not_found" });
    await expect(startConversation(as(buyer), { listingId: k.listingId }, "Còn hàng không ạ?")).rejects.toMatchObject({ kind: "not_found" });
    expect(await rowCounts()).toEqual(before);
  });

  it("tells phones, links and prices apart", () => {
    for (const text of ["gọi 0912345678", "0912 345 678", "09.12.345.678", "+84 912 345 678", "số: ０９１２３４５６７８", "zalo.me/0912", "https://lua.vn", "www.abc.xyz", "vao trang lua-dao.com nhe"]) {
      expect(carriesContact(text), text).toBe(true);
    }
    for (const text of ["Giá 1.200.000đ", "Cần 100.000.000 đồng hàng", "Lô 12, 35 kg, 2026", "Cà chua còn không ạ?", "giao 3.5 kg"]) {
      expect(carriesContact(text), text).toBe(false);
    }
  });

  it("keeps text NFC and bounded, and refuses control characters", async () => {
    const farm = await farmWithPeople();
    const buyer = await createAccount(["consumer"]);
    const before = await rowCounts();
    await expect(startConversation(as(buyer), { listingId: farm.listingId }, "xin\u0000chào")).rejects.toMatchObject({ kind: "invalid", code: "messages.errors.control", field: "body" });
    await expect(startConversation(as(buyer), { listingId: farm.listingId }, "x".repeat(2001))).rejects.toMatchObject({ code: "errors.message.tooLong" });
    await expect(startConversation(as(buyer), { listingId: farm.listingId }, "   \n ")).rejects.toMatchObject({ code: "errors.message.required" });
    expect(await rowCounts()).toEqual(before);
    const { conversationId } = await startConversation(as(buyer), { listingId: farm.listingId }, "Rau mu\u0301ng");
    const [message] = await db().select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversationId));
    expect(message.body).toBe("Rau múng");
  });

  it("limits each sender: past the limit a message is refused and nothing is written", async () => {
    const farm = await farmWithPeople();
    const buyer = await createAccount(["consumer"]);
    const { conversationId } = await startConversation(as(buyer), { listingId: farm.listingId }, "Tin 1");
    for (let i = 2; i <= MESSAGE_LIMITS.perUser.points; i++) await postMessage(as(buyer), conversationId, `Tin ${i}`);
    const before = await rowCounts();
    await expect(postMessage(as(buyer), conversationId, "Thêm một tin")).rejects.toMatchObject({ kind: "invalid", code: "messages.errors.limited", field: "body" });
    expect(await rowCounts()).toEqual(before);
    // The counters live in PostgreSQL, per sender.
    const keys = (await db().execute<{ key: string }>(sql`select key from rate_limits where key like 'message_user:%' or key like 'conversation_user:%'`)).map((r) => r.key);
    expect(keys).toEqual(expect.arrayContaining([`message_user:${buyer.id}`, `conversation_user:${buyer.id}`]));
    // Another sender is not held back by it: the farm answers.
    await postMessage(as(farm.owner), conversationId, "Đủ rồi ạ");

    // New conversations have their own, smaller limit.
    const asker = await createAccount(["consumer"]);
    for (let i = 0; i < MESSAGE_LIMITS.newConversations.points; i++) {
      const other = await createFarmer();
      const listing = await activeListing(other, other.farm.id);
      await startConversation(as(asker), { listingId: listing.id }, "Chào vườn");
    }
    await expect(startConversation(as(asker), { listingId: farm.listingId }, "Chào vườn")).rejects.toMatchObject({ code: "messages.errors.limited" });
  });

  it("coalesces notices: a burst makes one notification and one text; reading opens the way for the next notice, a text at most once an hour", async () => {
    const farm = await farmWithPeople();
    const buyer = await createAccount(["consumer"]);
    const { conversationId } = await startConversation(as(buyer), { listingId: farm.listingId }, "Tin 1");
    await postMessage(as(buyer), conversationId, "Tin 2");
    await postMessage(as(buyer), conversationId, "Tin 3");
    const told = await db().select().from(notifications).where(sql`${notifications.params}->>'conversationId' = ${String(conversationId)}`);
    // The owner and the co-op member, once each; the helper sees the unread mark only.
    expect(told.map((n) => [n.userId, n.kind]).sort()).toEqual(
      [
        [farm.owner.id, "message_from_buyer"],
        [farm.coop.id, "message_from_buyer"],
      ].sort(),
    );
    expect(notificationPath(told[0])).toBe(`/messages/${conversationId}`);
    expect(await queuedTexts(`conversation:${conversationId}:user:${farm.owner.id}:`)).toHaveLength(1);

    // Reading the conversation reads its notice; the next message tells again, but the text waits for the hour.
    await conversationFor(as(farm.owner), conversationId);
    expect((await db().select().from(notifications).where(eq(notifications.userId, farm.owner.id))).every((n) => n.readAt !== null)).toBe(true);
    await postMessage(as(buyer), conversationId, "Tin 4");
    const ownerNotices = await db().select().from(notifications).where(eq(notifications.userId, farm.owner.id));
    expect(ownerNotices).toHaveLength(2);
    const texts = await queuedTexts(`conversation:${conversationId}:user:${farm.owner.id}:`);
    expect(texts).toHaveLength(2);
    const sent = await Promise.all(texts.map((notice) => sendTextNotice(notice, esms)));
    expect(sent.sort()).toEqual(["sent", "skipped"]);
    const text = edge.fake.lastMessageTo(farm.owner.phone)!;
    expect(text.content).toContain(`/messages/${conversationId}`);
    expect(text.content).toContain(farm.owner.farm.name);

    // The farm answers: the buyer is told, once.
    await postMessage(as(farm.owner), conversationId, "Chào bạn");
    await postMessage(as(farm.coop), conversationId, "Vườn còn hàng");
    const buyerNotices = await db().select().from(notifications).where(eq(notifications.userId, buyer.id));
    expect(buyerNotices.map((n) => n.kind)).toEqual(["message_from_farm"]);
    const [conversation] = await db().select().from(conversations).where(eq(conversations.id, conversationId));
    expect(conversation.lastFarmMessageId).not.toBeNull();
  });
});
