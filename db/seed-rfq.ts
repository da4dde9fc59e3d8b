/**
 * Demo requests for quotation (issue 12 §7, decision 030), for the lead's
 * demo seed to call once the company exists: an open request with three
 * quotes (one made by a helper for a household), and a request whose two
 * quotes were accepted, splitting the quantity, into two orders. Everything
 * goes through the commands (policy, audit, notifications), as the pages do.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import { acceptQuotes, createRequest, submitQuote } from "../app/models/rfq.server";
import { actorById } from "../app/policy/relations.server";
import { quoteRequestSchema, quoteSchema } from "../app/validation/rfq";
import { db } from "./client";
import { DEMO_DELIVERY_ADDRESS } from "./data/demo";
import { listings } from "./schema";

/** Who quotes: a farm, and the person answering for it (its owner, or a helper whose consent covers 'orders'). */
export type DemoQuoter = { farmId: number; userId: number; pricePerUnitVnd: number; quantity: number };

const day = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function listingOf(farmId: number): Promise<number> {
  const [row] = await db()
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.farmId, farmId), isNull(listings.deletedAt)))
    .orderBy(asc(listings.id))
    .limit(1);
  if (!row) throw new Error(`demo farm ${farmId} has no listing to quote from`);
  return row.id;
}

async function requestWithQuotes(companyId: number, buyerUserId: number, product: { categorySlug: string; name: string; quantity: number }, quoters: DemoQuoter[], weekly: boolean) {
  const buyer = await actorById(buyerUserId);
  const input = quoteRequestSchema.parse({
    categorySlug: product.categorySlug,
    product: product.name,
    quantity: String(product.quantity),
    unit: "kg",
    grade: "Loại 1",
    recipient: DEMO_DELIVERY_ADDRESS.recipient,
    phone: `0${DEMO_DELIVERY_ADDRESS.phone.slice(2)}`,
    provinceCode: DEMO_DELIVERY_ADDRESS.provinceCode,
    communeCode: DEMO_DELIVERY_ADDRESS.communeCode,
    street: DEMO_DELIVERY_ADDRESS.street,
    deliverFrom: day(5),
    deliverTo: day(12),
    deadline: new Date(Date.now() + 7 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 16),
    recurrence: weekly ? "weekly" : "once",
    audience: "invited",
    invitedFarmIds: quoters.map((q) => String(q.farmId)),
  });
  const request = await createRequest(buyer, companyId, input);
  const quotes = [];
  for (const q of quoters) {
    const quote = await submitQuote(
      await actorById(q.userId),
      request.id,
      q.farmId,
      quoteSchema.parse({
        listingId: String(await listingOf(q.farmId)),
        pricePerUnitVnd: String(q.pricePerUnitVnd),
        quantity: String(q.quantity),
        earliestDelivery: day(5),
        validUntil: day(20),
        note: "Giao tận bếp trước 7 giờ sáng.",
      }),
    );
    quotes.push({ ...quote, quantity: q.quantity });
  }
  return { requestId: request.id, quotes };
}

/**
 * The school kitchen's requests: `open` stays open with a quote from each
 * quoter (one of them a helper, for a household); `awarded` takes the first
 * two quotes, the quantity split between them, making two orders.
 * The farms are invited, so they need not match by province.
 */
export async function seedDemoRequests(input: {
  companyId: number;
  buyerUserId: number;
  open: { categorySlug: string; name: string; quantity: number; quoters: DemoQuoter[] };
  awarded: { categorySlug: string; name: string; quantity: number; quoters: [DemoQuoter, DemoQuoter] };
}): Promise<{ openRequestId: number; awardedRequestId: number; orderIds: number[] }> {
  const open = await requestWithQuotes(input.companyId, input.buyerUserId, input.open, input.open.quoters, true);
  const awarded = await requestWithQuotes(input.companyId, input.buyerUserId, input.awarded, input.awarded.quoters, false);
  const [a, b] = awarded.quotes;
  const first = Math.min(a.quantity, input.awarded.quantity);
  const second = Math.min(b.quantity, input.awarded.quantity - first);
  const lines = [{ quoteId: a.id, quantity: first, seenVersion: 1 }, ...(second > 0 ? [{ quoteId: b.id, quantity: second, seenVersion: 1 }] : [])];
  const { orderIds } = await acceptQuotes(await actorById(input.buyerUserId), awarded.requestId, lines, { paymentMethod: "bank_transfer" });
  return { openRequestId: open.requestId, awardedRequestId: awarded.requestId, orderIds };
}
