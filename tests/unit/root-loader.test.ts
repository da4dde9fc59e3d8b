/**
 * The root loader as the server calls it, on real PostgreSQL: a signed-in
 * page's header counts (cart lines, unread notifications, conversations with
 * unread words) come in one query and equal what each count alone says; the
 * session is looked up once for the root's and the route's loaders together,
 * only for GET (issue 16).
 */
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
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
import { runInRequestScope } from "~/utils/request-scope.server";
import * as rootRoute from "~/root";
import * as ordersRoute from "~/routes/orders._index";

const rootLoader = rootRoute.loader;

/**
 * Remix's own request handler over the two routes of /orders (no document is
 * rendered: /orders.data is the data request a navigation makes, and calls
 * the same loaders the same way).
 */
const remix = createRequestHandler({
  mode: "production",
  entry: { module: { default: () => new Response("no documents here", { status: 500 }) } },
  routes: {
    root: { id: "root", path: "", module: rootRoute },
    "routes/orders._index": { id: "routes/orders._index", parentId: "root", path: "orders", index: true, module: ordersRoute },
  },
  assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
  publicPath: "/",
  assetsBuildDirectory: "build/client",
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
  isSpaMode: false,
} as unknown as ServerBuild);

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

  it("a signed-in /orders asks three queries through Remix's own handler: the session once for both loaders, the counts, the orders", async () => {
    const buyer = await createAccount(["consumer"]);
    const cookie = await cookieOf(buyer.id);
    // As server.ts serves it: inside the request's scope, which Remix's handler runs in. Remix gives
    // each loader a Request of its own, so a memo on the Request would ask for the session twice (4).
    const before = queryCount();
    const response = await runInRequestScope("test", () => remix(new Request("http://x/orders.data", { headers: { cookie } })));
    expect(response.status).toBe(200);
    expect(queryCount() - before).toBe(3);
    // Both loaders answered: the root's header names the buyer, the route lists no orders.
    const body = await response.text();
    expect(body).toContain(`"id",${buyer.id}`);
    expect(body).toContain(`"routes/orders._index"`);
    // Each HTTP request has a scope of its own: the next page asks again.
    const again = queryCount();
    await runInRequestScope("test-2", () => remix(new Request("http://x/orders.data", { headers: { cookie } })));
    expect(queryCount() - again).toBe(3);
    // Outside any request's scope (a job, a script) every call asks.
    const outside = queryCount();
    const request = new Request("http://x/orders", { headers: { cookie } });
    await Promise.all([getSessionUser(request), getSessionUser(request)]);
    expect(queryCount() - outside).toBe(2);
  });

  it("an action asks afresh each time, and the loaders after it in the same HTTP request keep one answer", async () => {
    const buyer = await createAccount(["consumer"]);
    const cookie = await cookieOf(buyer.id);
    await runInRequestScope("post", async () => {
      const post = new Request("http://x/acting", { method: "POST", headers: { cookie } });
      expect((await getSessionUser(post))?.id).toBe(buyer.id);
      await db().execute(sql`update users set display_name = 'Tên mới' where id = ${buyer.id}`);
      expect((await getSessionUser(post))?.displayName).toBe("Tên mới");
      // The loaders that answer the same HTTP request after the action (GET, each its own Request) see what it did, and share it.
      expect((await getSessionUser(new Request("http://x/orders", { headers: { cookie } })))?.displayName).toBe("Tên mới");
      await db().execute(sql`update users set display_name = 'Tên khác' where id = ${buyer.id}`);
      expect((await getSessionUser(new Request("http://x/orders", { headers: { cookie } })))?.displayName).toBe("Tên mới");
    });
    // The next HTTP request asks again.
    const next = await runInRequestScope("next", () => getSessionUser(new Request("http://x/orders", { headers: { cookie } })));
    expect(next?.displayName).toBe("Tên khác");
  });

  it("a page's request that starts or ends the acting (requireSeller does, when a consent has ended) is asked afresh", async () => {
    const farmer = await createFarmer();
    const helper = await createAccount(["consumer"]);
    const cookie = await cookieOf(helper.id);
    await runInRequestScope("acting", async () => {
      const get = () => new Request("http://x/sell", { headers: { cookie } });
      expect((await getSessionUser(get()))?.actingFarmId).toBeNull();
      await setActingFarm(get(), farmer.farm.id);
      expect((await getSessionUser(get()))?.actingFarmId).toBe(farmer.farm.id);
      await setActingFarm(get(), null);
      expect((await getSessionUser(get()))?.actingFarmId).toBeNull();
    });
  });
});
