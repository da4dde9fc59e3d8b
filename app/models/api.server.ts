/**
 * The JSON API's side of the domain (decision 044): each function takes the
 * calling token (an ApiPrincipal) and calls the same commands and queries
 * as the pages, shaping their answers as the API's schemas say
 * (app/validation/api.ts). Invariants:
 * - the token's person acts, and the commands check the policy as for a
 *   page; on top, a subject must belong to the token's own company or farm:
 *   anything else is not found (a token never reaches its person's other
 *   companies, farms or personal orders);
 * - a company token makes the buyer's moves, a farm token the farm's.
 */
import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, lt, notInArray, type SQL } from "drizzle-orm";
import { db } from "../../db/client";
import { farms, orderItems, orders } from "../../db/schema";
import { authorizeCompany, authorizeFarm } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import { searchListings } from "~/search/search.server";
import { env } from "~/utils/env.server";
import type { z } from "~/validation/zod";
import {
  addressRules,
  type farmListingList,
  type listingSchema,
  type listingSearchResult,
  type orderCreateBody,
  type orderList,
  type orderListQuery,
  type orderSchema,
  type quoteAcceptBody,
  type quoteRequestCreateBody,
  type quoteRequestSchema as apiQuoteRequestSchema,
  type stockUpdateBody,
  type ORDER_MOVES,
} from "~/validation/api";
import { quoteRequestSchema } from "~/validation/rfq";
import type { ApiPrincipal } from "./api-token.server";
import { getListingPage } from "./listing.server";
import { farmStock, updateStockAndPrices, type LineProblem } from "./listing-stock.server";
import { placeOrders } from "./orders/checkout.server";
import { transitionOrder, TRANSITIONS } from "./orders/moves.server";
import { getOrderFor, UNSEEN_BY_FARM } from "./orders/queries.server";
import { acceptQuotes, createRequest, requestForBuyer } from "./rfq.server";
import { parseQuantity } from "./units";
import { invoicesOfOrder } from "./invoice.server";
import { invoiceFileName, renderInvoicePdf } from "~/papers/invoice-pdf.server";
import { pdfResponse } from "~/utils/pdf.server";

type Out<S extends z.ZodType> = z.input<S>;

/** Refusals that name several fields at once (the API's 409/422 with an errors list). */
export class ApiLineErrors extends Error {
  constructor(
    readonly kind: "invalid" | "conflict",
    readonly errors: LineProblem[],
    readonly code = kind === "conflict" ? "errors.api.conflict" : "errors.api.invalidLines",
  ) {
    super(code);
  }
}

function companyOf(principal: ApiPrincipal): number {
  if (principal.owner.kind !== "company") throw notFound();
  return principal.owner.id;
}

// ---- Listings -------------------------------------------------------------

export async function searchListingsForApi(query: { q?: string; category?: string; province?: string; sort?: string; page?: string; perPage?: string }): Promise<Out<typeof listingSearchResult>> {
  const perPage = Math.min(50, Number(query.perPage ?? 24));
  const result = await searchListings({
    q: query.q ?? "",
    category: query.category,
    province: query.province,
    sort: (query.sort ?? "relevance") as "relevance",
    page: Number(query.page ?? 1),
    perPage,
  });
  return {
    data: result.hits.map((h) => ({ id: h.id, title: h.title, priceVnd: h.priceVnd, unit: h.unit, farmName: h.farmName, provinceName: h.provinceName, inStock: h.inStock, verifiedFarm: h.verifiedFarm })),
    total: result.total,
    page: result.page,
    perPage: result.perPage,
  };
}

/** A listing as any buyer sees it (drafts, hidden and deleted listings are not found). */
export async function listingForApi(id: number): Promise<Out<typeof listingSchema>> {
  const page = await getListingPage(id, null);
  if (!page) throw notFound();
  const l = page.listing;
  return {
    id: l.id,
    title: l.title,
    categorySlug: l.categorySlug,
    unit: l.unit,
    priceVnd: l.priceVnd,
    stock: l.stock,
    minOrderQty: l.minOrderQty,
    tiers: l.tiers.map((t) => ({ minQty: t.minQty, priceVnd: t.priceVnd })),
    availableFrom: l.availableFrom,
    availableTo: l.availableTo,
    farm: { id: l.farm.id, name: l.farm.name, provinceName: l.farm.provinceName },
  };
}

// ---- Orders ---------------------------------------------------------------

type OrderOut = Out<typeof orderSchema>;

/** Where the token's orders are: its company's, or its farm's as the farm sees them. */
function ownOrders(principal: ApiPrincipal): SQL {
  return principal.owner.kind === "company"
    ? eq(orders.companyId, principal.owner.id)
    : and(eq(orders.farmId, principal.owner.id), notInArray(orders.status, UNSEEN_BY_FARM))!;
}

async function authorizeOrders(principal: ApiPrincipal): Promise<void> {
  if (principal.owner.kind === "company") await authorizeCompany(principal.actor, "company.view", principal.owner.id);
  else await authorizeFarm(principal.actor, "order.sell", principal.owner.id);
}

async function orderViews(ids: number[]): Promise<OrderOut[]> {
  if (!ids.length) return [];
  const [rows, items] = await Promise.all([
    db()
      .select({ order: orders, farmName: farms.name })
      .from(orders)
      .innerJoin(farms, eq(farms.id, orders.farmId))
      .where(inArray(orders.id, ids)),
    db().select().from(orderItems).where(inArray(orderItems.orderId, ids)).orderBy(asc(orderItems.title)),
  ]);
  const byId = new Map(rows.map((r) => [r.order.id, r]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const { order, farmName } = byId.get(id)!;
      return {
        id: order.id,
        number: order.number,
        status: order.status,
        paymentMethod: order.paymentMethod,
        poNumber: order.poNumber,
        totalVnd: order.totalVnd,
        farm: { id: order.farmId, name: farmName },
        companyId: order.companyId,
        lines: items
          .filter((i) => i.orderId === id)
          .map((i) => ({ listingId: i.listingId, title: i.title, unit: i.unit, quantity: parseQuantity(i.quantity), unitPriceVnd: i.unitPriceVnd, lineTotalVnd: i.lineTotalVnd })),
        createdAt: order.createdAt.toISOString(),
      };
    });
}

const CURSOR = /^o([1-9]\d{0,9})$/;

/** The token's orders, newest first; `nextCursor` continues after the last one. */
export async function ordersForApi(principal: ApiPrincipal, query: z.output<typeof orderListQuery>): Promise<Out<typeof orderList>> {
  await authorizeOrders(principal);
  const limit = Math.min(100, Number(query.limit ?? 25));
  const conditions: SQL[] = [ownOrders(principal)];
  if (query.cursor !== undefined) {
    const before = CURSOR.exec(Buffer.from(query.cursor, "base64url").toString("latin1"));
    if (!before) throw new DomainError("invalid", "errors.api.cursor", { field: "cursor" });
    conditions.push(lt(orders.id, Number(before[1])));
  }
  if (query.status) conditions.push(eq(orders.status, query.status));
  const rows = await db()
    .select({ id: orders.id })
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((r) => r.id);
  return { data: await orderViews(page), nextCursor: rows.length > limit ? Buffer.from(`o${page[page.length - 1]}`).toString("base64url") : null };
}

/** One of the token's orders; any other is not found. */
export async function orderForApi(principal: ApiPrincipal, orderId: number): Promise<OrderOut> {
  const order = await getOrderFor(principal.actor, orderId);
  const own =
    order !== null &&
    (principal.owner.kind === "company" ? order.companyId === principal.owner.id : order.farmId === principal.owner.id && order.viewer === "farmer");
  if (!own) throw notFound();
  const [view] = await orderViews([orderId]);
  return view;
}

/** The invoice of one of the token's orders, as PDF; not found before the order completes. */
export async function invoicePdfForApi(principal: ApiPrincipal, orderId: number, origin: string): Promise<Response> {
  await orderForApi(principal, orderId);
  const papers = await invoicesOfOrder(principal.actor, orderId);
  if (!papers?.invoice) throw notFound();
  return pdfResponse(await renderInvoicePdf(papers.invoice, origin), invoiceFileName(papers.invoice));
}

export async function moveOrderForApi(principal: ApiPrincipal, orderId: number, action: (typeof ORDER_MOVES)[number]): Promise<OrderOut> {
  await orderForApi(principal, orderId);
  const side = principal.owner.kind === "company" ? "buyer" : "farmer";
  if (TRANSITIONS[action].actor !== side) throw new DomainError("forbidden", "errors.api.moveNotYours");
  const result = await transitionOrder(orderId, action, principal.actor);
  if (!result.ok) throw result.reason === "not_found" ? notFound() : new DomainError("conflict", "errors.api.moveNotAllowed");
  return orderForApi(principal, orderId);
}

/** A UUID made from the token and its Idempotency-Key: the checkout's own key, so even a lost answer cannot place twice. */
function checkoutKeyOf(principal: ApiPrincipal, idempotencyKey: string): string {
  const hex = createHash("sha256").update(`${principal.tokenId}:${idempotencyKey}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function createOrdersForApi(principal: ApiPrincipal, body: z.output<typeof orderCreateBody>, idempotencyKey: string): Promise<{ data: OrderOut[] }> {
  const companyId = companyOf(principal);
  const address = addressRules.safeParse(body.address);
  if (!address.success) throw new ApiLineErrors("invalid", address.error.issues.map((i) => ({ field: `address.${i.path.join(".")}`, code: i.message })));
  const result = await placeOrders({
    buyerId: principal.actor.userId,
    checkoutKey: checkoutKeyOf(principal, idempotencyKey),
    address: address.data,
    paymentMethod: body.paymentMethod,
    deliveryOptions: {},
    holdMinutes: env().BANK_TRANSFER_HOLD_MINUTES,
    company: { id: companyId, poNumber: body.poNumber || null },
    lines: body.lines.map((l) => ({ listingId: l.listingId, quantity: l.quantity, seenPriceVnd: l.unitPriceVnd })),
  });
  if (result.ok) return { data: await orderViews(result.orderIds) };
  switch (result.reason) {
    case "address":
      throw new ApiLineErrors("invalid", Object.entries(result.fieldErrors).map(([field, [code]]) => ({ field: `address.${field}`, code })));
    case "unavailable":
      throw new ApiLineErrors(
        "conflict",
        result.problems.map((p) => {
          const i = body.lines.findIndex((l) => l.listingId === p.listingId);
          return p.priceChanged ? { field: `lines.${i}.unitPriceVnd`, code: "errors.api.priceChanged" } : { field: `lines.${i}.quantity`, code: "errors.api.unavailable" };
        }),
      );
    case "too_large":
      throw new DomainError("invalid", "errors.api.tooLarge", { field: "lines" });
    case "company":
      throw new DomainError("forbidden", "errors.policy.companyRole");
    default:
      throw new DomainError("invalid", "errors.api.notPlaced", { field: "paymentMethod" });
  }
}

// ---- Requests for quotation -----------------------------------------------

export async function createQuoteRequestForApi(principal: ApiPrincipal, body: z.output<typeof quoteRequestCreateBody>): Promise<{ id: number }> {
  const companyId = companyOf(principal);
  // The form's own schema decides (one copy of the rules); its fields are the API's, flattened.
  const parsed = quoteRequestSchema.safeParse({
    categorySlug: body.categorySlug,
    product: body.product,
    quantity: String(body.quantity),
    unit: body.unit,
    grade: body.grade ?? "",
    certifications: body.certifications ?? [],
    ...body.address,
    deliverFrom: body.deliverFrom,
    deliverTo: body.deliverTo,
    targetPriceVnd: body.targetPriceVnd === undefined ? undefined : String(body.targetPriceVnd),
    deadline: body.deadline,
  });
  const addressField = (f: string) => (["recipient", "phone", "provinceCode", "communeCode", "street"].includes(f) ? `address.${f}` : f);
  if (!parsed.success) throw new ApiLineErrors("invalid", parsed.error.issues.map((i) => ({ field: addressField(i.path.map(String).join(".")), code: i.message })));
  try {
    return await createRequest(principal.actor, companyId, parsed.data);
  } catch (error) {
    if (error instanceof DomainError && error.field) throw new DomainError(error.kind, error.code, { ...error.options, field: addressField(error.field) });
    throw error;
  }
}

async function ownRequest(principal: ApiPrincipal, requestId: number) {
  const companyId = companyOf(principal);
  const view = await requestForBuyer(principal.actor, requestId);
  if (view.request.companyId !== companyId) throw notFound();
  return view;
}

export async function quoteRequestForApi(principal: ApiPrincipal, requestId: number): Promise<Out<typeof apiQuoteRequestSchema>> {
  const { request, quotes } = await ownRequest(principal, requestId);
  return {
    id: request.id,
    product: request.product,
    quantity: request.quantity,
    unit: request.unit,
    state: request.state,
    deadline: request.deadline.toISOString(),
    deliverFrom: request.deliverFrom,
    deliverTo: request.deliverTo,
    quotes: quotes.map((q) => ({
      id: q.id,
      farm: { id: q.farmId, name: q.farmName },
      listingId: q.listingId,
      pricePerUnitVnd: q.pricePerUnitVnd,
      quantity: q.quantity,
      state: q.state,
      version: q.version,
      validUntil: q.validUntil,
    })),
  };
}

export async function acceptQuotesForApi(principal: ApiPrincipal, requestId: number, body: z.output<typeof quoteAcceptBody>): Promise<{ orderIds: number[] }> {
  await ownRequest(principal, requestId);
  return acceptQuotes(
    principal.actor,
    requestId,
    body.lines.map((l) => ({ quoteId: l.quoteId, quantity: l.quantity, seenVersion: l.version })),
    { paymentMethod: body.paymentMethod, holdMinutes: env().BANK_TRANSFER_HOLD_MINUTES },
  );
}

// ---- A farm's own listings ------------------------------------------------

function farmOf(principal: ApiPrincipal): number {
  if (principal.owner.kind !== "farm") throw notFound();
  return principal.owner.id;
}

export async function farmListingsForApi(principal: ApiPrincipal): Promise<Out<typeof farmListingList>> {
  const farmId = farmOf(principal);
  await authorizeFarm(principal.actor, "listing.manage", farmId);
  return { data: await farmStock(farmId) };
}

export async function updateStockForApi(principal: ApiPrincipal, body: z.output<typeof stockUpdateBody>): Promise<Out<typeof farmListingList>> {
  const result = await updateStockAndPrices(principal.actor, farmOf(principal), body.lines);
  if (!result.ok) throw new ApiLineErrors(result.kind, result.errors);
  return { data: result.rows };
}
