/**
 * Email notifications through a real SMTP server on loopback (smtp-server),
 * not a fake of our mailer: what nodemailer sends is what arrives.
 */
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { db } from "../../db/client";
import { notifications } from "../../db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { sideEffectWorkers } from "../../tests/jobs";
import { freePort } from "../../tests/setup/global-db";
import { addToCart } from "./cart.server";
import { createListing } from "./listing.server";
import { emailNotifications } from "./notification.server";
import { markOrderPaid, transitionOrder } from "./orders/moves.server";
import { refundPaidOrder } from "./refund.server";
import { createUser } from "./user.server";

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

sideEffectWorkers({ refunds: false });

describe("email notifications", () => {
  it("mails only those with an email address: not the farmer who signed up by phone, the buyer its order's acceptance, in their language", async () => {
    const farmer = await createFarmer();
    const buyer = await createUser({ identifier: `bep.${Date.now()}@truonghoc.vn`, password: "mat-khau-dai", displayName: "Bếp ăn", roles: ["business"], locale: "en" });
    const listingId = (await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "100", minOrderQty: "1" }))).id;
    await addToCart(buyer.id, listingId, 3);
    const result = await checkoutCart(buyer.id);
    if (!result.ok) throw new Error("checkout failed");
    // The farmer signed up by phone: no email for them, only the bell. Sent
    // here and waited for (the checkout sends in the background), so that
    // an email to the farmer would have arrived before the check.
    const forFarmer = await db().select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, farmer.id));
    expect(forFarmer.length).toBeGreaterThan(0);
    await emailNotifications(forFarmer.map((n) => n.id));
    expect(received).toHaveLength(0);
    await transitionOrder(result.orderIds[0], "accept", as(farmer));
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1);
    expect(received[0].to).toEqual([expect.stringMatching(/^bep\..*@truonghoc\.vn$/)]);
    expect(received[0].body).toMatch(/Subject: =\?UTF-8\?Q\?Order_NSS-\d{6}-\w{6}_accepted/);
    expect(received[0].body).toMatch(/\/orders\/\d+/);
  });

  it("mails the buyer when an operator records money sent back by hand", async () => {
    const farmer = await createFarmer();
    const operator = await createAccount(["operator"]);
    const email = `hoan.${Date.now()}@truonghoc.vn`;
    const buyer = await createUser({ identifier: email, password: "mat-khau-dai", displayName: "Bếp ăn", roles: ["business"], locale: "en" });
    const listingId = (await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "100", minOrderQty: "1" }))).id;
    await addToCart(buyer.id, listingId, 2);
    const result = await checkoutCart(buyer.id, { paymentMethod: "bank_transfer", holdMinutes: 30 });
    if (!result.ok) throw new Error("checkout failed");
    const [orderId] = result.orderIds;
    expect((await markOrderPaid(orderId, as(operator))).ok).toBe(true);
    for (const action of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(orderId, action, as(farmer))).ok).toBe(true);
    expect((await transitionOrder(orderId, "complete", as(buyer))).ok).toBe(true);
    expect(await refundPaidOrder(orderId, operator.id, "FT26330999999")).toEqual({ ok: true });
    await expect
      .poll(() => received.filter((m) => m.to.includes(email) && /Subject: .*refunded/.test(m.body)).length, { timeout: 10_000 })
      .toBe(1);
  });
});
