/**
 * npm run bench:orders — checkout throughput on this machine.
 *
 * A throwaway embedded PostgreSQL with the demo data and 10,000 more
 * listings. Buyers with one cart line each check out concurrently (8 and 32
 * at once), on one hot listing and spread over all listings:
 *   - through the app (placeOrders: validation, pricing, locks, orders,
 *     timeline, notifications, stock, search outbox, address);
 *   - as raw SQL: the same statements of one order, sent directly — the
 *     baseline, measured in the same run.
 * Prints orders/s and p95 per checkout, the ratio app/raw, and writes the
 * table to docs/benchmarks.md. Target: app ≥ 50% of the raw rate.
 * Options: --orders N per scenario (default 400).
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { closeDb, connect } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { generateListings } from "../db/generate";
import { migrateDatabase } from "../db/migrate";
import { seedDemoData } from "../db/seed";
import { placeOrders } from "../app/models/orders/checkout.server";
import { hashPassword } from "../app/utils/password.server";
import { ms, stats, writeSection } from "./lib/report";

const { values } = parseArgs({ options: { orders: { type: "string", default: "400" } } });
const ORDERS = Number(values.orders);
const address = { recipient: "Bếp ăn Trường Kim Liên", phone: "84912345678", provinceCode: "01", communeCode: "00004", street: "Số 1 Kim Liên" };

const root = await mkdtemp(path.join(os.tmpdir(), "nss-bench-orders-"));
const pg = await startEmbeddedPostgres({ dir: path.join(root, "pg"), port: 56400 + Math.floor(Math.random() * 500), persistent: false });
process.env.DATABASE_URL = pg.url;
const { db, sql: raw } = connect(pg.url, { max: 10 });

try {
  await migrateDatabase(db);
  await seedDemoData(db);
  await generateListings(db, 10_000, { seed: 5 });
  // Enough stock that no checkout fails for want of it, and no volume tiers in the way of comparing.
  await db.execute(sql`update listings set stock = 1000000, min_order_qty = 1, state = 'active', available_to = null, deleted_at = null`);
  const ids = (await db.execute<{ id: number }>(sql`select id from listings order by id`)).map((r) => r.id);
  const hot = ids[0];
  const hash = await hashPassword("bench-password");

  async function makeBuyers(n: number): Promise<number[]> {
    const rows = await db.execute<{ id: number }>(sql`
      insert into users (email, password_hash, display_name)
      select 'bench-' || gen_random_uuid() || '@example.vn', ${hash}, 'Người mua thử'
      from generate_series(1, ${n}) returning id`);
    return rows.map((r) => r.id);
  }
  async function fillCarts(buyers: number[], pick: () => number) {
    // At the price the buyer saw: a cart line whose price changed since is refused at checkout.
    const values = buyers.map((b) => sql`(${b}::int, ${pick()}::int)`);
    await db.execute(sql`insert into cart_items (user_id, listing_id, quantity, seen_price_vnd)
      select v.buyer, v.listing, 1, l.price_vnd from (values ${sql.join(values, sql`, `)}) as v(buyer, listing) join listings l on l.id = v.listing`);
  }

  /** The statements one checkout sends, without the app: the baseline. */
  async function rawCheckout(buyerId: number) {
    await raw.begin(async (tx) => {
      const key = randomUUID();
      await tx`insert into checkouts (id, buyer_id) values (${key}, ${buyerId}) on conflict do nothing returning id`;
      const items = await tx`select listing_id, quantity from cart_items where user_id = ${buyerId}`;
      const listingIds = items.map((i) => i.listing_id as number);
      const listings = await tx`select id, farm_id, title, unit, price_vnd, stock, min_order_qty, state, deleted_at, available_to
        from listings where id in ${tx(listingIds)} order by id for update`;
      await tx`select * from listing_price_tiers where listing_id in ${tx(listingIds)}`;
      const l = listings[0];
      const [owner] = await tx`select id, owner_id from farms where id = ${l.farm_id}`;
      const [order] = await tx`insert into orders (number, checkout_id, buyer_id, farm_id, payment_method, delivery_option, recipient, phone, province_code, commune_code, street, total_vnd)
        values (${"RAW-" + key.slice(0, 13)}, ${key}, ${buyerId}, ${l.farm_id}, 'cod', 'giao-tan-noi', ${address.recipient}, ${address.phone}, ${address.provinceCode}, ${address.communeCode}, ${address.street}, ${l.price_vnd})
        returning id`;
      await tx`insert into order_items (order_id, listing_id, title, unit, quantity, unit_price_vnd, line_total_vnd) values (${order.id}, ${l.id}, ${l.title}, ${l.unit}, 1, ${l.price_vnd}, ${l.price_vnd})`;
      await tx`insert into order_events (order_id, actor_id, kind, to_status) values (${order.id}, ${buyerId}, 'status', 'placed')`;
      await tx`insert into notifications (user_id, kind, order_id) values (${owner.owner_id}, 'order_placed', ${order.id})`;
      await tx`update listings set stock = stock - 1, state = case when stock - 1 = 0 then 'sold_out' else state end, updated_at = now() where id = ${l.id}`;
      await tx`insert into search_outbox (listing_id) values (${l.id})`;
      await tx`select pg_notify('search_outbox', '')`;
      await tx`delete from cart_items where user_id = ${buyerId}`;
      const [same] = await tx`select id from delivery_addresses where user_id = ${buyerId} and recipient = ${address.recipient} and phone = ${address.phone} and commune_code = ${address.communeCode} and street = ${address.street}`;
      if (!same) await tx`insert into delivery_addresses (user_id, recipient, phone, province_code, commune_code, street) values (${buyerId}, ${address.recipient}, ${address.phone}, ${address.provinceCode}, ${address.communeCode}, ${address.street})`;
    });
  }

  async function appCheckout(buyerId: number) {
    const result = await placeOrders({ buyerId, checkoutKey: randomUUID(), address, paymentMethod: "cod", deliveryOptions: {}, holdMinutes: 60 });
    if (!result.ok) throw new Error(`checkout refused: ${JSON.stringify(result)}`);
  }

  async function run(concurrency: number, buyers: number[], checkout: (id: number) => Promise<void>) {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < buyers.length) {
          const buyer = buyers[next++];
          const t = performance.now();
          await checkout(buyer);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { rate: buyers.length / seconds, ...stats(latencies) };
  }

  const rows: string[] = [];
  for (const [label, pick] of [
    ["hot (one listing)", () => hot],
    ["spread (10,000 listings)", () => ids[Math.floor(Math.random() * ids.length)]],
  ] as const) {
    for (const concurrency of [8, 32]) {
      const appBuyers = await makeBuyers(ORDERS);
      const rawBuyers = await makeBuyers(ORDERS);
      await fillCarts(appBuyers, pick);
      await fillCarts(rawBuyers, pick);
      const app = await run(concurrency, appBuyers, appCheckout);
      const base = await run(concurrency, rawBuyers, rawCheckout);
      const ratio = app.rate / base.rate;
      const line = `| ${label} | ${concurrency} | ${app.rate.toFixed(0)} | ${ms(app.p95)} | ${base.rate.toFixed(0)} | ${ms(base.p95)} | ${(ratio * 100).toFixed(0)}% |`;
      console.log(line);
      rows.push(line);
    }
  }
  const when = new Date().toISOString().slice(0, 16).replace("T", " ");
  const body = [
    "## Orders (`npm run bench:orders`)",
    "",
    `Run ${when} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}; ${ids.length} listings; ${ORDERS} checkouts per row and path, one cart line each, pool of 10 connections. Target: app ≥ 50% of raw SQL.`,
    "",
    "| scenario | buyers at once | app orders/s | app p95 ms | raw SQL orders/s | raw p95 ms | app / raw |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
  ].join("\n");
  console.log(`\n${body}`);
  writeSection("docs/benchmarks.md", "orders", body);
} finally {
  await raw.end({ timeout: 5 });
  await closeDb();
  await pg.stop();
  await rm(root, { recursive: true, force: true });
}
