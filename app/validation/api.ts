/**
 * The JSON API v1 (decision 044): its scopes, the token form, and the zod
 * schemas every endpoint validates with. The OpenAPI document
 * (app/utils/openapi.server.ts) is generated from ENDPOINTS below, so what
 * a handler accepts and answers is what the document says. Browser-safe.
 */
import { deliveryAddressShape } from "./address";
import { CERTIFICATION_TYPES, MAX_QUANTITY, MAX_VND } from "./fields";
import { MAX_ID } from "./ids";
import { z } from "./zod";
import { UNITS } from "~/models/units";
import { SORTS } from "~/search/port";

/** What a token may do. A company token buys; a farm token sells. */
export const COMPANY_SCOPES = ["listings:read", "orders:read", "orders:write", "quotes:read", "quotes:write", "invoices:read"] as const;
export const FARM_SCOPES = ["listings:read", "stock:write", "orders:read", "orders:write", "invoices:read"] as const;
export const API_SCOPES = [...new Set([...COMPANY_SCOPES, ...FARM_SCOPES])] as readonly ApiScope[];
export type ApiScope = (typeof COMPANY_SCOPES)[number] | (typeof FARM_SCOPES)[number];

export const TOKEN_LIFETIMES = ["30", "90", "365"] as const;

/** The page form that makes a token; `scopes` are checked against the owner's kind by the model. */
export const apiTokenSchema = z.object({
  name: z
    .string({ error: "errors.apiToken.nameRequired" })
    .trim()
    .min(2, "errors.apiToken.nameRequired")
    .max(80, "errors.apiToken.nameTooLong")
    .transform((v) => v.normalize("NFC")),
  scopes: z
    .union([z.enum(API_SCOPES as [ApiScope, ...ApiScope[]]), z.array(z.enum(API_SCOPES as [ApiScope, ...ApiScope[]]))], { error: "errors.apiToken.scopes" })
    .optional()
    .transform((v, ctx) => {
      const scopes = [...new Set(v === undefined ? [] : [v].flat())];
      if (!scopes.length) {
        ctx.addIssue({ code: "custom", message: "errors.apiToken.scopes" });
        return z.NEVER;
      }
      return scopes;
    }),
  expiresInDays: z.enum(TOKEN_LIFETIMES, { error: "errors.form.tampered" }).transform(Number),
});
export type ApiTokenInput = z.output<typeof apiTokenSchema>;

// ---- Building blocks ------------------------------------------------------

const id = z.int().min(1).max(MAX_ID);
/** Quantities are kept to three decimals (numeric(14,3)). */
const quantity = z
  .number()
  .positive()
  .max(MAX_QUANTITY)
  .refine((v) => Math.abs(Math.round(v * 1000) - v * 1000) < 1e-6, "errors.quantity.invalid");
const vnd = z.int().min(1).max(MAX_VND);
const unit = z.enum(UNITS);
const dateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
export const ORDER_STATUSES = ["awaiting_payment", "awaiting_approval", "placed", "accepted", "declined", "packed", "shipped", "delivered", "completed", "cancelled", "expired"] as const;
export const ORDER_MOVES = ["accept", "decline", "pack", "ship", "deliver", "complete", "cancel"] as const;

/** The path's `{id}`: decimal digits only (app/validation/ids.ts). */
export const idParams = z.object({ id: z.string().regex(/^[1-9]\d{0,9}$/).meta({ description: "A decimal id." }) });

const addressSchema = z
  .object({
    recipient: z.string().min(2).max(80),
    phone: z.string().max(20).meta({ description: "A Vietnamese phone number, e.g. 0912345678." }),
    provinceCode: z.string().regex(/^\d{2}$/),
    communeCode: z.string().regex(/^\d{5}$/),
    street: z.string().min(3).max(200),
  })
  .meta({ id: "Address" });
/** The form's own rules for an address (phone normalised, names trimmed), applied after the JSON shape. */
export const addressRules = z.object(deliveryAddressShape);

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string().meta({ description: "Dotted path of the field, e.g. lines.0.quantity." }), code: z.string().meta({ description: "An error code (the app's i18n key)." }) }))
      .optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details (application/problem+json)." });

// ---- Listings -------------------------------------------------------------

export const listingSearchQuery = z.object({
  q: z.string().max(200).optional(),
  category: z.string().max(80).optional(),
  province: z.string().regex(/^\d{2}$/).optional(),
  sort: z.enum(SORTS.filter((s) => s !== "nearest") as ["relevance", ...string[]]).optional(),
  page: z.string().regex(/^[1-9]\d{0,2}$/).optional(),
  perPage: z.string().regex(/^[1-9]\d?$/).optional().meta({ description: "1–50, default 24." }),
});

const listingHit = z
  .object({ id, title: z.string(), priceVnd: z.int(), unit, farmName: z.string(), provinceName: z.string(), inStock: z.boolean(), verifiedFarm: z.boolean() })
  .meta({ id: "ListingHit" });
export const listingSearchResult = z.object({ data: z.array(listingHit), total: z.int(), page: z.int(), perPage: z.int() }).meta({ id: "ListingSearchResult" });

export const listingSchema = z
  .object({
    id,
    title: z.string(),
    categorySlug: z.string(),
    unit,
    priceVnd: z.int(),
    stock: z.number(),
    minOrderQty: z.number(),
    tiers: z.array(z.object({ minQty: z.number(), priceVnd: z.int() })),
    availableFrom: isoDate.nullable(),
    availableTo: isoDate.nullable(),
    farm: z.object({ id, name: z.string(), provinceName: z.string() }),
  })
  .meta({ id: "Listing" });

// ---- A farm's own listings ------------------------------------------------

export const farmListingSchema = z
  .object({ id, title: z.string(), unit, priceVnd: z.int(), stock: z.number(), state: z.string(), version: z.int() })
  .meta({ id: "FarmListing" });
export const farmListingList = z.object({ data: z.array(farmListingSchema) }).meta({ id: "FarmListingList" });

export const MAX_STOCK_LINES = 500;
export const stockUpdateBody = z
  .object({
    lines: z
      .array(
        z
          .object({
            listingId: id,
            stock: z.number().min(0).max(MAX_QUANTITY).optional(),
            priceVnd: vnd.optional(),
            version: z.int().min(1).optional().meta({ description: "The listing's version as last read; a changed listing refuses the line (409)." }),
          })
          .refine((l) => l.stock !== undefined || l.priceVnd !== undefined, { message: "errors.api.stockOrPrice", path: ["stock"] }),
      )
      .min(1)
      .max(MAX_STOCK_LINES)
      .refine((lines) => new Set(lines.map((l) => l.listingId)).size === lines.length, "errors.api.duplicateListing"),
  })
  .meta({ id: "StockUpdate" });
export const stockUpdateResult = z.object({ data: z.array(farmListingSchema) }).meta({ id: "StockUpdateResult" });

// ---- Orders ---------------------------------------------------------------

export const orderCreateBody = z
  .object({
    lines: z
      .array(
        z.object({
          listingId: id,
          quantity,
          unitPriceVnd: vnd.optional().meta({ description: "The price expected; a different current price refuses the order (409)." }),
        }),
      )
      .min(1)
      .max(100)
      .refine((lines) => new Set(lines.map((l) => l.listingId)).size === lines.length, "errors.api.duplicateListing"),
    poNumber: z.string().trim().max(60).optional(),
    paymentMethod: z.enum(["cod", "bank_transfer", "net_terms"]),
    address: addressSchema,
  })
  .meta({ id: "OrderCreate" });

const orderLine = z.object({ listingId: id.nullable(), title: z.string(), unit, quantity: z.number(), unitPriceVnd: z.int(), lineTotalVnd: z.int() });
export const orderSchema = z
  .object({
    id,
    number: z.string(),
    status: z.enum(ORDER_STATUSES),
    paymentMethod: z.string(),
    poNumber: z.string().nullable(),
    totalVnd: z.int(),
    farm: z.object({ id, name: z.string() }),
    companyId: id.nullable(),
    lines: z.array(orderLine),
    createdAt: dateTime,
  })
  .meta({ id: "Order" });
export const orderList = z.object({ data: z.array(orderSchema), nextCursor: z.string().nullable() }).meta({ id: "OrderList" });
export const orderCreated = z.object({ data: z.array(orderSchema) }).meta({ id: "OrdersCreated" });
export const orderListQuery = z.object({
  cursor: z.string().max(40).optional(),
  limit: z.string().regex(/^[1-9]\d{0,2}$/).optional().meta({ description: "1–100, default 25." }),
  status: z.enum(ORDER_STATUSES).optional(),
});
export const orderMoveBody = z.object({ action: z.enum(ORDER_MOVES) }).meta({ id: "OrderMove" });

// ---- Requests for quotation and quotes ------------------------------------

export const quoteRequestCreateBody = z
  .object({
    categorySlug: z.string().max(80),
    product: z.string().max(120),
    quantity,
    unit,
    grade: z.string().max(80).optional(),
    certifications: z.array(z.enum(CERTIFICATION_TYPES)).max(4).optional(),
    address: addressSchema,
    deliverFrom: isoDate,
    deliverTo: isoDate,
    targetPriceVnd: vnd.optional(),
    deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).meta({ description: "When quotes close, as a clock in Vietnam shows it (UTC+7): 2026-12-05T17:00." }),
  })
  .meta({ id: "QuoteRequestCreate" });

export const quoteSchema = z
  .object({ id, farm: z.object({ id, name: z.string() }), listingId: id, pricePerUnitVnd: z.int(), quantity: z.number(), state: z.string(), version: z.int(), validUntil: isoDate })
  .meta({ id: "Quote" });
export const quoteRequestSchema = z
  .object({ id, product: z.string(), quantity: z.number(), unit, state: z.string(), deadline: dateTime, deliverFrom: isoDate, deliverTo: isoDate, quotes: z.array(quoteSchema) })
  .meta({ id: "QuoteRequest" });
export const quoteList = z.object({ data: z.array(quoteSchema) }).meta({ id: "QuoteList" });
export const quoteAcceptBody = z
  .object({
    lines: z
      .array(z.object({ quoteId: id, quantity, version: z.int().min(1).meta({ description: "The quote's version as last read." }) }))
      .min(1)
      .max(50),
    paymentMethod: z.enum(["cod", "bank_transfer", "net_terms"]),
  })
  .meta({ id: "QuoteAccept" });
export const createdIds = z.object({ id }).meta({ id: "Created" });
export const orderIds = z.object({ orderIds: z.array(id) }).meta({ id: "OrderIds" });

// ---- The endpoints --------------------------------------------------------

export type Endpoint = {
  method: "get" | "post";
  path: string;
  summary: string;
  scope: ApiScope;
  /** Which kind of token may call it. */
  owners: readonly ("company" | "farm")[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  status: 200 | 201;
  response: z.ZodType;
  /** A file rather than JSON (the invoice's PDF): the handler answers with the Response itself. */
  binary?: "application/pdf";
};

const both = ["company", "farm"] as const;

export const ENDPOINTS = {
  searchListings: { method: "get", path: "/listings", summary: "Search listings", scope: "listings:read", owners: both, query: listingSearchQuery, status: 200, response: listingSearchResult },
  getListing: { method: "get", path: "/listings/{id}", summary: "A listing", scope: "listings:read", owners: both, params: idParams, status: 200, response: listingSchema },
  listOrders: { method: "get", path: "/orders", summary: "The token's orders, newest first (cursor pagination)", scope: "orders:read", owners: both, query: orderListQuery, status: 200, response: orderList },
  createOrder: { method: "post", path: "/orders", summary: "Place orders from lines (one per farm)", scope: "orders:write", owners: ["company"], body: orderCreateBody, status: 201, response: orderCreated },
  getOrder: { method: "get", path: "/orders/{id}", summary: "An order", scope: "orders:read", owners: both, params: idParams, status: 200, response: orderSchema },
  moveOrder: { method: "post", path: "/orders/{id}/moves", summary: "Move an order (accept, ship, complete, cancel …)", scope: "orders:write", owners: both, params: idParams, body: orderMoveBody, status: 200, response: orderSchema },
  createQuoteRequest: { method: "post", path: "/quote-requests", summary: "Ask farms for quotes", scope: "quotes:write", owners: ["company"], body: quoteRequestCreateBody, status: 201, response: createdIds },
  getQuoteRequest: { method: "get", path: "/quote-requests/{id}", summary: "A request for quotation and its quotes", scope: "quotes:read", owners: ["company"], params: idParams, status: 200, response: quoteRequestSchema },
  listQuotes: { method: "get", path: "/quote-requests/{id}/quotes", summary: "The quotes of a request, cheapest first", scope: "quotes:read", owners: ["company"], params: idParams, status: 200, response: quoteList },
  acceptQuotes: { method: "post", path: "/quote-requests/{id}/accept", summary: "Accept quotes: orders at the quoted prices", scope: "quotes:write", owners: ["company"], params: idParams, body: quoteAcceptBody, status: 201, response: orderIds },
  getInvoice: {
    method: "get",
    path: "/orders/{id}/invoice",
    summary: "The order's invoice as PDF (issued when the order completes)",
    scope: "invoices:read",
    owners: both,
    params: idParams,
    status: 200,
    response: z.custom<Response>((value) => value instanceof Response),
    binary: "application/pdf",
  },
  listFarmListings: { method: "get", path: "/farm/listings", summary: "The farm's own listings", scope: "listings:read", owners: ["farm"], status: 200, response: farmListingList },
  updateStock: { method: "post", path: "/farm/listings/stock", summary: "Bulk stock and price update: all lines or none", scope: "stock:write", owners: ["farm"], body: stockUpdateBody, status: 200, response: stockUpdateResult },
} as const satisfies Record<string, Endpoint>;
export type EndpointName = keyof typeof ENDPOINTS;
