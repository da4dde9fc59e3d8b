/**
 * The demo's company (issue 12): the school kitchen's account becomes the
 * company account of Trường Tiểu học Kim Liên, with its accountant invited
 * and joined as approver, and a delivery address — all through the real
 * commands (policy, audit), after the catalogue commits.
 */
import { eq } from "drizzle-orm";
import { acceptInvite, addDeliveryAddress, createCompany, inviteMember } from "../app/models/company.server";
import { actorById } from "../app/policy/relations.server";
import { hashPassword } from "../app/utils/password.server";
import { db as appDb } from "./client";
import { DEMO_DELIVERY_ADDRESS, DEMO_PASSWORD } from "./data/demo";
import { userRoles, users } from "./schema";

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
