/**
 * The demo's company (issue 12): the school kitchen's account becomes the
 * company account of Trường Tiểu học Kim Liên, with its accountant invited
 * and joined as approver, and a delivery address — all through the real
 * commands (policy, audit), after the catalogue commits.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { addToCart } from "../app/models/cart.server";
import { acceptInvite, addDeliveryAddress, createCompany, inviteMember, setApprovalThreshold } from "../app/models/company.server";
import { placeOrders } from "../app/models/orders/checkout.server";
import { actorById } from "../app/policy/relations.server";
import { hashPassword } from "../app/utils/password.server";
import { db as appDb } from "./client";
import { DEMO_DELIVERY_ADDRESS, DEMO_PASSWORD } from "./data/demo";
import { DEMO_HELPERS } from "./data/demo-team";
import { seedDemoRequests } from "./seed-rfq";
import { farms, listings, userRoles, users } from "./schema";

export const DEMO_COMPANY = {
  name: "Trường Tiểu học Kim Liên",
  // A valid tax code by its check digit (decision 029); not a real company's.
  taxCode: "0101234565",
  invoiceAddress: "Số 1 ngõ 4 Kim Liên, Phường Kim Liên, Hà Nội",
  invoiceEmail: "ketoan@truonghoc.vn",
  accountant: { email: "ketoan@truonghoc.vn", displayName: "Kế toán Trường Tiểu học Kim Liên" },
};

/** Makes the company; returns its id (null when the kitchen's account is missing). */
export async function seedDemoBusiness(): Promise<number | null> {
  const [kitchen] = await appDb().select({ id: users.id }).from(users).where(eq(users.email, "bep@truonghoc.vn"));
  if (!kitchen) return null;
  const [accountant] = await appDb()
    .insert(users)
    .values({ email: DEMO_COMPANY.accountant.email, phone: null, passwordHash: await hashPassword(DEMO_PASSWORD), displayName: DEMO_COMPANY.accountant.displayName })
    .returning({ id: users.id });
  await appDb().insert(userRoles).values({ userId: accountant.id, role: "business" });
  const owner = await actorById(kitchen.id);
  const { id } = await createCompany(owner, {
    name: DEMO_COMPANY.name,
    taxCode: DEMO_COMPANY.taxCode,
    invoiceAddress: DEMO_COMPANY.invoiceAddress,
    invoiceEmail: DEMO_COMPANY.invoiceEmail,
  });
  const { token } = await inviteMember(owner, id, { identifier: { kind: "email", value: DEMO_COMPANY.accountant.email }, role: "approver" }, null);
  await acceptInvite(await actorById(accountant.id), token);
  const { recipient: _who, ...place } = DEMO_DELIVERY_ADDRESS;
  await addDeliveryAddress(owner, id, { label: "Bếp ăn", recipient: "Bếp ăn Trường Tiểu học Kim Liên", ...place });
  return id;
}

const phone = (national: string) => `84${national.slice(1)}`;

/**
 * The school's requests for quotation (issue 12 §7): an open weekly request
 * for fragrant rice with three quotes — two farms answering themselves and a
 * helper answering for a Vũ Thư household — and a request for ST25 whose two
 * quotes were accepted, the quantity split, into two orders. After the team
 * (the helper's consent must be in force).
 */
export async function seedDemoBusinessRequests(companyId: number): Promise<number> {
  const [kitchen] = await appDb().select({ id: users.id }).from(users).where(eq(users.email, "bep@truonghoc.vn"));
  const owners = await appDb()
    .select({ phone: users.phone, userId: users.id, farmId: farms.id })
    .from(farms)
    .innerJoin(users, eq(users.id, farms.ownerId))
    .where(inArray(users.phone, [phone("0977111215"), phone("0977111219"), phone("0388300401"), phone("0388300408")]));
  const farmOf = (national: string) => owners.find((o) => o.phone === phone(national))!;
  const [helper] = await appDb().select({ id: users.id }).from(users).where(eq(users.phone, phone(DEMO_HELPERS[1].phone)));
  const chauDoc = farmOf("0977111215");
  const socTrang = farmOf("0977111219");
  const binh = farmOf("0388300401");
  const thom = farmOf("0388300408");
  const { orderIds } = await seedDemoRequests({
    companyId,
    buyerUserId: kitchen.id,
    open: {
      categorySlug: "gao",
      name: "Gạo tám thơm cho bếp ăn, giao mỗi thứ Hai",
      quantity: 2000,
      quoters: [
        { farmId: chauDoc.farmId, userId: chauDoc.userId, pricePerUnitVnd: 21_500, quantity: 2000 },
        { farmId: binh.farmId, userId: binh.userId, pricePerUnitVnd: 23_000, quantity: 600 },
        // A helper of the Vũ Thư team quotes for Hộ bà Hoàng Thị Thơm, whose consent covers orders.
        { farmId: thom.farmId, userId: helper.id, pricePerUnitVnd: 24_000, quantity: 300 },
      ],
    },
    awarded: {
      categorySlug: "gao",
      name: "Gạo ST25 cho tháng 12",
      quantity: 1500,
      quoters: [
        { farmId: socTrang.farmId, userId: socTrang.userId, pricePerUnitVnd: 32_000, quantity: 1000 },
        { farmId: chauDoc.farmId, userId: chauDoc.userId, pricePerUnitVnd: 30_500, quantity: 800 },
      ],
    },
  });
  return orderIds.length + (await seedDemoApproval(companyId, kitchen.id));
}

/** The school's approval threshold (decision 033): purchases above it wait for an approver. */
export const DEMO_APPROVAL_THRESHOLD_VND = 20_000_000;

/**
 * The threshold set by the kitchen (the owner), then one purchase of the
 * kitchen above it, which waits for the accountant (the other approver):
 * ketoan@truonghoc.vn finds it on the approvals page. After the other
 * company orders, which were placed below it or before it.
 */
async function seedDemoApproval(companyId: number, kitchenId: number): Promise<number> {
  const owner = await actorById(kitchenId);
  await setApprovalThreshold(owner, companyId, DEMO_APPROVAL_THRESHOLD_VND);
  // Produce sold by the kg with stock enough for about 30 million đồng (a tier's discount keeps it above 20).
  const rice = await appDb()
    .select({ id: listings.id, priceVnd: listings.priceVnd, stock: listings.stock })
    .from(listings)
    .where(and(eq(listings.state, "active"), sql`${listings.stock} * ${listings.priceVnd} > 40000000`, sql`${listings.unit} = 'kg'`))
    .orderBy(asc(listings.id));
  for (const listing of rice) {
    const added = await addToCart(kitchenId, listing.id, Math.ceil(30_000_000 / listing.priceVnd)).then(
      () => true,
      () => false,
    );
    if (!added) continue;
    const result = await placeOrders({
      buyerId: kitchenId,
      checkoutKey: crypto.randomUUID(),
      address: DEMO_DELIVERY_ADDRESS,
      paymentMethod: "bank_transfer",
      deliveryOptions: {},
      holdMinutes: 3 * 24 * 60,
      company: { id: companyId, poNumber: "PO-KL-2026-131" },
    });
    if (!result.ok || !result.awaitingApproval) throw new Error(`demo purchase for approval: ${JSON.stringify(result)}`);
    return result.orderIds.length;
  }
  throw new Error("demo purchase for approval: no listing could be bought");
}
