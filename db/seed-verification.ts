/**
 * The demo's farm verification (issue 13, decision 036), through the real
 * commands: every farm the catalogue left 'pending' has its paper in the
 * moderators' queue (one was rejected first, with its reason, and sent
 * again), and Vườn rau Bà Lan's VietGAP certificate was approved and
 * expires in 25 days (the daily reminder tells the farm). The papers'
 * photos are drawn here: a plain page with the paper's title.
 */
import { asc, eq } from "drizzle-orm";
import sharp from "sharp";
import { storeUploadedPhoto } from "../app/models/photo.server";
import { reviewDocument, submitDocument } from "../app/models/verification.server";
import { actorById } from "../app/policy/relations.server";
import { todayIso } from "../app/utils/dates";
import { normalizeVietnamesePhone } from "../app/validation/auth";
import { documentSchema, type DocumentKind } from "../app/validation/verification";
import { db } from "./client";
import { farms, users } from "./schema";

const TITLES: Record<DocumentKind, string> = {
  household_registration: "GIẤY XÁC NHẬN HỘ SẢN XUẤT",
  business_registration: "GIẤY CHỨNG NHẬN ĐĂNG KÝ KINH DOANH",
  coop_licence: "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỢP TÁC XÃ",
  certificate: "GIẤY CHỨNG NHẬN VIETGAP",
};

async function paperPhoto(uploaderId: number, kind: DocumentKind, number: string): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800">
    <rect width="600" height="800" fill="#fbf7ea"/><rect x="20" y="20" width="560" height="760" fill="none" stroke="#b3261e" stroke-width="4"/>
    <text x="300" y="120" font-family="sans-serif" font-size="26" text-anchor="middle">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</text>
    <text x="300" y="220" font-family="sans-serif" font-size="24" font-weight="bold" text-anchor="middle">${TITLES[kind]}</text>
    <text x="300" y="300" font-family="sans-serif" font-size="22" text-anchor="middle">Số: ${number}</text></svg>`;
  const stored = await storeUploadedPhoto(uploaderId, await sharp(Buffer.from(svg)).png().toBuffer());
  if (!stored.ok) throw new Error(`demo paper photo: ${stored.error}`);
  return stored.photo.id;
}

export async function seedDemoVerification(): Promise<{ pending: number }> {
  const [moderatorRow] = await db().select({ id: users.id }).from(users).where(eq(users.email, "moderator@nongsanso.vn"));
  if (!moderatorRow) return { pending: 0 };
  const moderator = await actorById(moderatorRow.id);
  const waiting = await db()
    .select({ id: farms.id, ownerId: farms.ownerId, kind: farms.kind })
    .from(farms)
    .where(eq(farms.verification, "pending"))
    .orderBy(asc(farms.id));
  for (const [i, farm] of waiting.entries()) {
    const owner = await actorById(farm.ownerId);
    const kind: DocumentKind = farm.kind === "coop" ? "coop_licence" : farm.kind === "enterprise" ? "business_registration" : "household_registration";
    const number = `${String(farm.id).padStart(3, "0")}/${kind === "household_registration" ? "XN-UBND" : "ĐKKD"}`;
    const input = documentSchema.parse({ kind, number, issuer: kind === "household_registration" ? "UBND xã" : "Phòng Tài chính - Kế hoạch", issuedOn: "2024-06-15" });
    if (i === 0) {
      // The first was sent with a blurred photo, rejected, and sent again.
      const first = await submitDocument(owner, farm.id, input, await paperPhoto(farm.ownerId, kind, number));
      await reviewDocument(moderator, { documentId: first.id, decision: "reject", reason: "Ảnh bị mờ, không đọc được số giấy. Xin chụp lại rõ hơn." });
    }
    await submitDocument(owner, farm.id, input, await paperPhoto(farm.ownerId, kind, number));
  }

  // Vườn rau Bà Lan: a VietGAP certificate approved, expiring in 25 days.
  const [lan] = await db()
    .select({ farmId: farms.id, ownerId: farms.ownerId })
    .from(farms)
    .innerJoin(users, eq(users.id, farms.ownerId))
    .where(eq(users.phone, normalizeVietnamesePhone("0987654321")!));
  if (lan) {
    const expiresOn = todayIso(new Date(Date.now() + 25 * 86_400_000));
    const input = documentSchema.parse({
      kind: "certificate",
      certificationType: "vietgap",
      number: "VietGAP-TT-24-68-0117",
      issuer: "Trung tâm Kiểm nghiệm và Chứng nhận chất lượng nông lâm thủy sản",
      issuedOn: todayIso(new Date(Date.now() - 340 * 86_400_000)),
      expiresOn,
    });
    const certificate = await submitDocument(await actorById(lan.ownerId), lan.farmId, input, await paperPhoto(lan.ownerId, "certificate", input.number));
    await reviewDocument(moderator, { documentId: certificate.id, decision: "approve", reason: "" });
  }
  return { pending: waiting.length };
}
