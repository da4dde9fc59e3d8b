/**
 * Demo moderation (issue 13, decision 037): a moderator's account
 * (moderator@nongsanso.vn, the demo password) and two open reports in the
 * queue, made through the real model by the demo consumer and the school's
 * kitchen — of listings of farms other than the demo farmer's, whose
 * journeys the end-to-end tests follow. Safe to run again: the account is
 * made once, and a second report of the same subject adds nothing.
 */
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { fileReport } from "../app/models/moderation.server";
import { actorById } from "../app/policy/relations.server";
import { normalizeVietnamesePhone } from "../app/validation/auth";
import { hashPassword } from "../app/utils/password.server";
import { db } from "./client";
import { DEMO_PASSWORD } from "./data/demo";
import { farms, listings, userRoles, users } from "./schema";

export const DEMO_MODERATOR = "moderator@nongsanso.vn";

/** Returns how many accounts it made (0 or 1). */
export async function seedDemoModeration(): Promise<{ users: number; reports: number }> {
  const made = await db()
    .insert(users)
    .values({ email: DEMO_MODERATOR, passwordHash: await hashPassword(DEMO_PASSWORD), displayName: "Lê Minh Kiểm Duyệt", locale: "vi" })
    .onConflictDoNothing()
    .returning({ id: users.id });
  const [moderator] = await db().select({ id: users.id }).from(users).where(eq(users.email, DEMO_MODERATOR));
  await db().insert(userRoles).values({ userId: moderator.id, role: "moderator" }).onConflictDoNothing();

  const reporters = await db()
    .select({ id: users.id, phone: users.phone, email: users.email })
    .from(users)
    .where(inArray(users.phone, [normalizeVietnamesePhone("0912345678")!, normalizeVietnamesePhone("0987654321")!]));
  const [kitchen] = await db().select({ id: users.id }).from(users).where(eq(users.email, "bep@truonghoc.vn"));
  const consumer = reporters.find((r) => r.phone === normalizeVietnamesePhone("0912345678"));
  const demoFarmer = reporters.find((r) => r.phone === normalizeVietnamesePhone("0987654321"));
  if (!consumer || !kitchen || !demoFarmer) return { users: made.length, reports: 0 };
  const reported = await db()
    .select({ id: listings.id })
    .from(listings)
    .innerJoin(farms, eq(farms.id, listings.farmId))
    .where(and(eq(listings.state, "active"), ne(farms.ownerId, demoFarmer.id)))
    .orderBy(asc(listings.id))
    .limit(2);
  if (reported.length < 2) return { users: made.length, reports: 0 };
  const first = await fileReport(await actorById(consumer.id), {
    subjectType: "listing",
    subjectId: reported[0].id,
    reason: "wrong_information",
    note: "Ảnh chụp không giống hàng nhận được, giá ghi khác khi gọi điện.",
  });
  const second = await fileReport(await actorById(kitchen.id), { subjectType: "listing", subjectId: reported[1].id, reason: "other", note: "Nghi ngờ hàng không rõ nguồn gốc." });
  return { users: made.length, reports: Number(first.created) + Number(second.created) };
}
