/**
 * Companies and their people for tests, inserted as rows (the company pages
 * are another part of issue 12), and requests for quotation made through the
 * real commands.
 */
import { db } from "../db/client";
import { companies, companyMembers } from "../db/schema";
import type { CompanyRole } from "~/policy/policy";
import { createRequest } from "~/models/rfq.server";
import { createListing } from "~/models/listing.server";
import { quoteRequestSchema, quoteSchema } from "~/validation/rfq";
import { as, createAccount, LAM_DONG_COMMUNE, listingInput } from "./factories";

let sequence = 0;

/** A company with an owner; `members` adds people with the roles given. */
export async function createCompany(name = `Bếp ăn thử ${++sequence}`) {
  const owner = await createAccount(["business"]);
  const taxCode = `01${String(process.pid % 10000).padStart(4, "0")}${String(++sequence).padStart(4, "0")}`;
  const [company] = await db().insert(companies).values({ name, taxCode, createdBy: owner.id }).returning({ id: companies.id, name: companies.name });
  await db().insert(companyMembers).values({ companyId: company.id, userId: owner.id, role: "owner" });
  return { ...company, owner };
}

export async function addMember(companyId: number, role: CompanyRole) {
  const account = await createAccount(["business"]);
  await db().insert(companyMembers).values({ companyId, userId: account.id, role });
  return account;
}

function daysFromNow(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** "YYYY-MM-DDTHH:mm" in Vietnam's time, `hours` from now. */
export function vietnamTimeIn(hours: number): string {
  return new Date(Date.now() + 7 * 3600_000 + hours * 3600_000).toISOString().slice(0, 16);
}

/** A request form's fields (100 kg of tomatoes to Lâm Đồng, deadline in two days), parsed by the real schema. */
export function requestInput(overrides: Record<string, string | string[]> = {}) {
  return quoteRequestSchema.parse({
    categorySlug: "rau-qua",
    product: "Cà chua bi loại 1",
    quantity: "100",
    unit: "kg",
    recipient: "Bếp ăn trường",
    phone: "0912345678",
    provinceCode: "68",
    communeCode: LAM_DONG_COMMUNE,
    street: "12 Trần Phú",
    deliverFrom: daysFromNow(3),
    deliverTo: daysFromNow(10),
    deadline: vietnamTimeIn(48),
    ...overrides,
  });
}

export function quoteInput(listingId: number, overrides: Record<string, string> = {}) {
  return quoteSchema.parse({
    listingId: String(listingId),
    pricePerUnitVnd: "30000",
    quantity: "60",
    earliestDelivery: daysFromNow(3),
    validUntil: daysFromNow(14),
    ...overrides,
  });
}

/** An active listing in "rau-qua" for the farm, made by its owner. */
export async function activeListing(owner: { id: number }, farmId: number) {
  return createListing(as(owner, ["farmer"]), farmId, listingInput());
}

/** An open request of the company, posted by the member. */
export async function postRequest(member: { id: number }, companyId: number, overrides: Record<string, string | string[]> = {}) {
  return createRequest(as(member, ["business"]), companyId, requestInput(overrides));
}
