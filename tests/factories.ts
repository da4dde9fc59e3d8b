/**
 * Test data made through the real models (never by faking them): accounts,
 * farms and listing inputs with sensible defaults.
 */
import { randomUUID } from "node:crypto";
import { DEMO_DELIVERY_ADDRESS } from "../db/data/demo";
import { parseWithZod } from "@conform-to/zod/v4";
import { saveFarm } from "~/models/farm.server";
import { getFarmListing, updateListing } from "~/models/listing.server";
import type { Actor } from "~/policy/policy";
import { placeOrders } from "~/models/orders/checkout.server";
import { createUser } from "~/models/user.server";
import type { Role } from "~/validation/auth";
import { farmSchema } from "~/validation/farm";
import { listingSchema, type ListingInput } from "~/validation/listing";

let sequence = 0;

/** A unique valid Vietnamese mobile number, e.g. 0912000001. */
export function nextPhone(): string {
  sequence += 1;
  return `0912${String(process.pid % 100).padStart(2, "0")}${String(sequence).padStart(4, "0")}`;
}

export async function createAccount(roles: Role[] = ["farmer"], password = "matkhau-an-toan") {
  const phone = nextPhone();
  const user = await createUser({ identifier: phone, password, displayName: `Người dùng ${sequence}`, roles });
  return { ...user, roles, phone, password };
}

/** A farmer with a farm in Lâm Đồng (Phường Lâm Viên - Đà Lạt). */
export async function createFarmer(name = `Vườn thử ${sequence + 1}`) {
  const account = await createAccount(["farmer"]);
  const input = farmSchema.parse({
    name,
    kind: "household",
    provinceCode: "68",
    communeCode: LAM_DONG_COMMUNE,
    story: "Vườn rau sạch trên cao nguyên.",
  });
  const farm = await saveFarm(as(account, ["farmer"]), null, input, null);
  return { ...account, farm };
}

export const LAM_DONG_COMMUNE = "24778";

/**
 * A listing input parsed by the real form schema from form fields, as a
 * submitted form would be ("tiers[0].minQty" and the like included).
 */
export function listingInput(overrides: Record<string, string | string[]> = {}): ListingInput {
  const fields: Record<string, string | string[]> = {
    title: "Cà chua bi Đà Lạt",
    categorySlug: "rau-qua",
    unit: "kg",
    priceVnd: "35000",
    stock: "120",
    minOrderQty: "2",
    intent: "publish",
    ...overrides,
  };
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) formData.append(name, v);
  const submission = parseWithZod(formData, { schema: listingSchema });
  if (submission.status !== "success") throw new Error(`listingInput: ${JSON.stringify(submission.reply().error)}`);
  return submission.value;
}

/** A delivery address in Hà Nội (Phường Ba Đình). */
export const HANOI_ADDRESS = DEMO_DELIVERY_ADDRESS;

/** Checks out the buyer's cart through the real model, cash on delivery unless told otherwise. */
export function checkoutCart(buyerId: number, overrides: Partial<Parameters<typeof placeOrders>[0]> = {}) {
  return placeOrders({
    buyerId,
    checkoutKey: randomUUID(),
    address: HANOI_ADDRESS,
    paymentMethod: "cod",
    deliveryOptions: {},
    holdMinutes: 60,
    ...overrides,
  });
}

/** A person as the actor of a command (roles as given: the commands ask the policy, not the test). */
export function as(user: { id: number; roles?: Role[] }, roles: Role[] = user.roles ?? []): Actor {
  return { userId: user.id, roles, actingForFarmId: null };
}

/**
 * Saves an edit as someone who has just opened the edit form of the farm's
 * listing: against the listing's version now (0, never a version, when the
 * listing is not the farm's).
 */
export async function editListing(actor: Actor, farmId: number, listingId: number, input: ListingInput) {
  const current = await getFarmListing(farmId, listingId);
  return updateListing(actor, farmId, listingId, input, current?.version ?? 0);
}
