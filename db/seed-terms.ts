/**
 * The demo's net terms (issue 12, decision 031): the operator verifies the
 * school's company and grants it 30-day terms with a 50,000,000 đ credit
 * limit, through the real commands (policy, audit). After the company exists.
 */
import { eq } from "drizzle-orm";
import { grantTerms, verifyCompany } from "../app/models/terms.server";
import { actorById } from "../app/policy/relations.server";
import { db as appDb } from "./client";
import { users } from "./schema";

export const DEMO_TERMS = { days: 30, limitVnd: 50_000_000 } as const;

/** Grants the company the demo's terms; the operator is the demo operator unless given. Returns false when there is none. */
export async function seedNetTerms(input: { companyId: number; operatorId?: number }): Promise<boolean> {
  const operatorId = input.operatorId ?? (await appDb().select({ id: users.id }).from(users).where(eq(users.email, "admin@nongsanso.vn")))[0]?.id;
  if (operatorId === undefined) return false;
  const operator = await actorById(operatorId);
  await verifyCompany(operator, input.companyId);
  await grantTerms(operator, { companyId: input.companyId, ...DEMO_TERMS, version: 0 });
  return true;
}
