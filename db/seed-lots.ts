/**
 * The demo's lots (issue 14, decision 042), through the real commands
 * (policy, audit, the pre-harvest check): three lots of Vườn rau Bà Lan in
 * Đà Lạt with their inputs — one harvested after its last spray's interval,
 * with a GTIN (its QR follows GS1 Digital Link), one growing, one with a
 * fertiliser only — and the farm's tomato listing pointing to the first.
 * Dates follow today, so the demo always shows a recent harvest.
 */
import { and, asc, eq, ilike, isNull } from "drizzle-orm";
import { addLotInput, createLot, getFarmLot, updateLot } from "../app/models/lot.server";
import { addDays } from "../app/models/phi";
import { actorById } from "../app/policy/relations.server";
import { todayIso } from "../app/utils/dates";
import { normalizeVietnamesePhone } from "../app/validation/auth";
import { lotInputSchema, lotSchema } from "../app/validation/lot";
import { db } from "./client";
import { farms, listings, users } from "./schema";

export async function seedDemoLots(): Promise<{ lots: number; linked: number }> {
  const [farm] = await db()
    .select({ id: farms.id, ownerId: farms.ownerId })
    .from(farms)
    .innerJoin(users, eq(users.id, farms.ownerId))
    .where(eq(users.phone, normalizeVietnamesePhone("0987654321")!));
  if (!farm) return { lots: 0, linked: 0 };
  const owner = await actorById(farm.ownerId);
  const today = todayIso();
  const day = (n: number) => addDays(today, n);

  const tomato = await createLot(owner, farm.id, lotSchema.parse({ product: "Cà chua bi", categorySlug: "rau-qua", plot: "Nhà kính số 2", sownOn: day(-80), gtin: "8934567000017", certifications: ["vietgap"] }));
  await addLotInput(owner, farm.id, tomato.id, lotInputSchema.parse({ kind: "fertiliser", name: "NPK Đầu Trâu 20-20-15", amount: "15 kg/sào", appliedOn: day(-60) }));
  await addLotInput(owner, farm.id, tomato.id, lotInputSchema.parse({ kind: "pesticide", name: "Amistar 250SC", activeIngredient: "azoxystrobin", amount: "10 ml/bình 16 lít", appliedOn: day(-30) }));
  await addLotInput(owner, farm.id, tomato.id, lotInputSchema.parse({ kind: "pesticide", name: "Vertimec 1.8EC", activeIngredient: "abamectin", amount: "8 ml/bình 16 lít", appliedOn: day(-12) }));
  const seen = (await getFarmLot(farm.id, tomato.id))!.version;
  await updateLot(owner, farm.id, tomato.id, lotSchema.parse({ product: "Cà chua bi", categorySlug: "rau-qua", plot: "Nhà kính số 2", sownOn: day(-80), harvestedOn: day(-3), gtin: "8934567000017", certifications: ["vietgap"] }), seen);

  const lettuce = await createLot(owner, farm.id, lotSchema.parse({ product: "Xà lách thủy canh", plot: "Giàn thủy canh A", sownOn: day(-20) }));
  await addLotInput(owner, farm.id, lettuce.id, lotInputSchema.parse({ kind: "fertiliser", name: "Dung dịch thủy canh Hydro Umat", amount: "1 lít/100 lít nước", appliedOn: day(-10) }));

  const cabbage = await createLot(owner, farm.id, lotSchema.parse({ product: "Bắp cải tím", plot: "Thửa số 5", sownOn: day(-70) }));
  await addLotInput(owner, farm.id, cabbage.id, lotInputSchema.parse({ kind: "pesticide", name: "Proclaim 1.9EC", activeIngredient: "emamectin-benzoate", amount: "10 ml/bình 16 lít", appliedOn: day(-5) }));

  // The link is set on the row (the listing's editor would post the whole listing): the farm's tomato, else its first listing.
  const [listing] = await db()
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.farmId, farm.id), isNull(listings.deletedAt), ilike(listings.title, "%cà chua%")))
    .orderBy(asc(listings.id))
    .limit(1);
  const [first] = listing ? [listing] : await db().select({ id: listings.id }).from(listings).where(eq(listings.farmId, farm.id)).orderBy(asc(listings.id)).limit(1);
  if (first) await db().update(listings).set({ lotId: tomato.id }).where(eq(listings.id, first.id));
  return { lots: 3, linked: first ? 1 : 0 };
}
