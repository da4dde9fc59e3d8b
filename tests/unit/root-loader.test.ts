/**
 * The root loader as the server calls it, on real PostgreSQL: a signed-in
 * page's header counts (cart lines, unread notifications, conversations with
 * unread words) come in one query and equal what each count alone says; the
 * session is looked up once for the root's and the route's loaders together,
 * only for GET (issue 16).
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, queryCount } from "../../db/client";
import { listings, notifications } from "../../db/schema";
import { activeListing } from "../company-factories";
import { as, createAccount, createFarmer } from "../factories";
import { addToCart, cartCount } from "~/models/cart.server";
import { startConversation, unreadConversations } from "~/models/conversation.server";
import { headerCounts } from "~/models/header.server";
import { unreadNotifications } from "~/models/notification.server";
import { getSessionUser, setActingFarm, startSession } from "~/utils/session.server";
import { loader as rootLoader } from "~/root";
import { loader as ordersLoader } from "~/routes/orders._index";

const cookieOf = async (userId: number) => (await startSession(userId)).split(";")[0];

describe("the header's counts", () => {
  it("come in one query and equal each count asked alone, for the buyer and for the farm", async () => {
    const farmer = await createFarmer();
    const kept = await activeListing(farmer, farmer.farm.id);
    const gone = await activeListing(farmer, farmer.farm.id);
    const buyer = await createAccount(["consumer"]);
    await addToCart(buyer.id, kept.id, 2);
    await addToCart(buyer.id, gone.id, 2);
    // A deleted listing's line is not counted.
    await db().update(listings).set({ deletedAt: new Date() }).where(eq(listings.id, gone.id));
    await db().insert(notifications).values([
      { userId: buyer.id, kind: "order_shipped" },
      { userId: buyer.id, kind: "order_shipped" },
      { userId: buyer.id, kind: "order_shipped", readAt: new Date() },
    ]);
    await startConversation(as(buyer), { listingId: kept.id }, "Còn hàng không ạ?");

    const before = queryCount();
    const buyerCounts = await headerCounts(buyer.id);
    expect(queryCount() - before).toBe(1);
    expect(buyerCounts).toEqual({ cart: 1, unread: 2, unreadMessages: 0 });
    // The farm's notifications (the conversation's notice among them) counted here by hand, apart from the model's SQL.
    const [{ n: farmerUnread }] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from notifications where user_id = ${farmer.id} and read_at is null`,
    );
    expect(await headerCounts(farmer.id)).toEqual({ cart: 0, unread: farmerUnread, unreadMessages: 1 });
    // The single counts, which other pages use, say the same.
    expect([await cartCount(buyer.id), await unreadNotifications(buyer.id), await unreadConversations(farmer.id)]).toEqual([1, 2, 1]);

    const page = await rootLoader({ request: new Request("http://x/orders", { headers: { cookie: await cookieOf(buyer.id) } }), params: {}, context: {} });
    expect({ cart: page.cart, unread: page.unread, unreadMessages: page.unreadMessages }).toEqual(buyerCounts);
  });

  it("a signed-in /orders asks three queries: the session once for both loaders, the counts, the orders", async () => {
    const buyer = await createAccount(["consumer"]);
    const request = new Request("http://x/orders", { headers: { cookie: await cookieOf(buyer.id) } });
    const before = queryCount();
    const [root, orders] = await Promise.all([
      rootLoader({ request, params: {}, context: {} }),
      ordersLoader({ request, params: {}, context: {} }),
    ]);
    expect(queryCount() - before).toBe(3);
    expect(root.user?.id).toBe(buyer.id);
    expect(orders.orders).toEqual([]);
  });

  it("an action's request asks afresh each time: what it changed in the session is seen", async () => {
    const buyer = await createAccount(["consumer"]);
    const cookie = await cookieOf(buyer.id);
    const post = new Request("http://x/acting", { method: "POST", headers: { cookie } });
    expect((await getSessionUser(post))?.id).toBe(buyer.id);
    await db().execute(sql`update users set display_name = 'Tên mới' where id = ${buyer.id}`);
    expect((await getSessionUser(post))?.displayName).toBe("Tên mới");
    // A page's request keeps the answer it was given for its whole render.
    const get = new Request("http://x/orders", { headers: { cookie } });
    expect((await getSessionUser(get))?.displayName).toBe("Tên mới");
    await db().execute(sql`update users set display_name = 'Tên khác' where id = ${buyer.id}`);
    expect((await getSessionUser(get))?.displayName).toBe("Tên mới");
    expect((await getSessionUser(new Request("http://x/orders", { headers: { cookie } })))?.displayName).toBe("Tên khác");
  });

  it("a page's request that starts or ends the acting (requireSeller does, when a consent has ended) is asked afresh", async () => {
    const farmer = await createFarmer();
    const helper = await createAccount(["consumer"]);
    const get = new Request("http://x/sell", { headers: { cookie: await cookieOf(helper.id) } });
    expect((await getSessionUser(get))?.actingFarmId).toBeNull();
    await setActingFarm(get, farmer.farm.id);
    expect((await getSessionUser(get))?.actingFarmId).toBe(farmer.farm.id);
    await setActingFarm(get, null);
    expect((await getSessionUser(get))?.actingFarmId).toBeNull();
  });
});
