/**
 * Side effects queued as jobs in the command's transaction (decision 025),
 * against real PostgreSQL and pg-boss, with email through a real SMTP server
 * on loopback: a command that rolls back queues nothing, one that commits
 * leaves its job, and a job committed by a process that died at once is done
 * by a worker started afterwards.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq, inArray, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { notifications, orders } from "../db/schema";
import { as, checkoutCart, createFarmer, listingInput } from "../tests/factories";
import { freePort } from "../tests/setup/global-db";
import { enqueue } from "./effects.server";
import { startSideEffectJobs } from "./jobs.server";
import { addToCart } from "./models/cart.server";
import { createListing } from "./models/listing.server";
import { emailNotifications } from "./models/notification.server";
import { transitionOrder } from "./models/orders/moves.server";
import { createUser } from "./models/user.server";

const received: { to: string[]; body: string }[] = [];
let server: SMTPServer;

beforeAll(async () => {
  const port = await freePort();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let body = "";
      stream.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

type JobRow = { name: string; data: { ids?: number[]; refundId?: number }; state: string };

function jobsOf(name: string): Promise<JobRow[]> {
  return db().execute<JobRow>(sql`select name, data, state from pgboss.job where name = ${name} order by created_on`);
}

/** An order placed by a buyer with an email address, waiting for its farm; no worker runs yet. */
async function placedOrder() {
  const farmer = await createFarmer();
  const email = `bep.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@truonghoc.vn`;
  const buyer = await createUser({ identifier: email, password: "mat-khau-dai", displayName: "Bếp ăn", roles: ["business"], locale: "vi" });
  const listingId = (await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "100", minOrderQty: "1" }))).id;
  await addToCart(buyer.id, listingId, 3);
  const result = await checkoutCart(buyer.id);
  if (!result.ok) throw new Error("checkout failed");
  return { farmer, buyer, email, orderId: result.orderIds[0] };
}

async function notificationsOf(orderId: number, kind: string) {
  return db().select().from(notifications).where(eq(notifications.orderId, orderId)).then((rows) => rows.filter((n) => n.kind === kind));
}

describe("side effects queued in the command's transaction", () => {
  it("queues nothing when the command rolls back, even after it queued its job (a commit that fails)", async () => {
    const { farmer, orderId } = await placedOrder();
    const before = (await jobsOf("email-notifications")).length;
    // PostgreSQL refuses the commit itself (a deferred check, as a serialization failure would):
    // everything the move did, its job included, is rolled back.
    await db().execute(sql`create function refuse_commit() returns trigger language plpgsql as $$ begin raise exception 'commit refused'; end $$`);
    await db().execute(
      sql`create constraint trigger refuse_commit after insert on notifications deferrable initially deferred for each row execute function refuse_commit()`,
    );
    try {
      await expect(transitionOrder(orderId, "accept", as(farmer))).rejects.toThrow(/commit refused/);
    } finally {
      await db().execute(sql`drop trigger refuse_commit on notifications`);
      await db().execute(sql`drop function refuse_commit()`);
    }
    expect((await jobsOf("email-notifications")).length).toBe(before);
    expect(await notificationsOf(orderId, "order_accepted")).toHaveLength(0);
    const [order] = await db().select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
    expect(order.status).toBe("placed");
  });

  it("queues nothing from a transaction that throws after enqueue", async () => {
    const before = (await jobsOf("send-refund")).length;
    await expect(
      db().transaction(async (tx) => {
        await enqueue(tx, "send-refund", { refundId: 424242 });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect((await jobsOf("send-refund")).length).toBe(before);
  });

  it("leaves a committed command's job in pgboss.job, with the notifications it made", async () => {
    const { farmer, orderId } = await placedOrder();
    expect((await transitionOrder(orderId, "accept", as(farmer))).ok).toBe(true);
    const accepted = await notificationsOf(orderId, "order_accepted");
    expect(accepted).toHaveLength(1);
    const jobs = await jobsOf("email-notifications");
    expect(jobs.filter((j) => j.data.ids?.includes(accepted[0].id))).toEqual([
      { name: "email-notifications", data: { ids: [accepted[0].id] }, state: "created" },
    ]);
  });

  it("sends, from a worker started afterwards, what a process that died right after its commit queued", async () => {
    const { farmer, orderId, email } = await placedOrder();
    const run = promisify(execFile);
    // The command commits in another process, which is killed at once (SIGKILL, as a crash).
    const child = await run(process.execPath, ["--import", "tsx", "tests/scripts/accept-then-crash.ts", String(orderId), String(farmer.id)], {
      env: { ...process.env },
    }).catch((error: { stdout: string; signal: string }) => error);
    expect(child.stdout).toBe(JSON.stringify({ ok: true, status: "accepted" }));
    expect("signal" in child && child.signal).toBe("SIGKILL");
    const [accepted] = await notificationsOf(orderId, "order_accepted");
    expect(accepted.emailedAt).toBeNull();
    expect(received.filter((m) => m.to.includes(email))).toHaveLength(0);

    // The app starts again: its worker finds the job and sends the email.
    const jobs = await startSideEffectJobs({ connectionString: process.env.DATABASE_URL!, refunds: false });
    try {
      await expect.poll(() => received.filter((m) => m.to.includes(email)).length, { timeout: 15_000 }).toBe(1);
      await expect.poll(async () => (await notificationsOf(orderId, "order_accepted"))[0].emailedAt, { timeout: 5_000 }).not.toBeNull();
    } finally {
      await jobs.stop();
    }
    expect(received.find((m) => m.to.includes(email))!.body).toMatch(/\/orders\/\d+/);
  });

  it("emails a notification once however often its job runs again (a retry after a crash or a failure)", async () => {
    const { farmer, orderId, email } = await placedOrder();
    await transitionOrder(orderId, "accept", as(farmer));
    const ids = (await notificationsOf(orderId, "order_accepted")).map((n) => n.id);
    expect(await emailNotifications(ids)).toBe(1);
    expect(await emailNotifications(ids)).toBe(0);
    expect(received.filter((m) => m.to.includes(email))).toHaveLength(1);
    const emailed = await db().select({ emailedAt: notifications.emailedAt }).from(notifications).where(inArray(notifications.id, ids));
    expect(emailed.every((n) => n.emailedAt !== null)).toBe(true);
  });
});
