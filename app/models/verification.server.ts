/**
 * Farm verification (issue 13, decision 036). Invariants:
 * - a farm's papers are submitted by those who may act for it on this
 *   (policy "farm.verify": owner, co-op member, a helper with the
 *   'listings' scope), each with a photo of the paper uploaded with the
 *   form, that photo then the document's alone; submitting moves a farm not
 *   yet verified to 'pending';
 * - only moderators (policy "ops.verify") review a pending document, once:
 *   the document's row is locked, so two moderators acting at once give one
 *   outcome and the other is told it was reviewed already; a rejection
 *   carries its reason, shown to the farm; a rejected paper is submitted
 *   again as a new document (the old one and its reason stay);
 * - approving a registration or a co-op licence makes the farm 'verified';
 *   approving a certificate makes it a certification of the farm
 *   (farm_certifications) with the paper's number, issuer and expiry; both
 *   reach search through the outbox in the same transaction;
 * - a farm not verified whose last pending document is rejected becomes
 *   'rejected'; a verified farm stays verified whatever else is reviewed;
 * - the farm's owner is told of every review (a notification, emailed by a
 *   job when they have an address), and once, 30 days before an approved
 *   certificate expires (reminded_at);
 * - every submission and review is audited with before → after.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { communes, farmCertifications, farmDocuments, farms, notifications, photos, provinces } from "../../db/schema";
import { enqueueEffects } from "~/effects.server";
import { audit } from "~/policy/audit.server";
import { authorizeFarm, authorizePlatform } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { recordFarmSearchChange } from "~/search/outbox.server";
import { todayIso } from "~/utils/dates";
import type { DocumentInput, DocumentKind, ReviewInput } from "~/validation/verification";
import { photoView, usablePhotos, type PhotoView } from "./photo.server";
import { isUniqueViolation } from "./user.server";

/** How long before a certificate's expiry its farm is reminded. */
export const REMIND_DAYS_BEFORE_EXPIRY = 30;

export type FarmVerification = "unverified" | "pending" | "verified" | "rejected";

/**
 * Submits one paper of the farm with the photo uploaded with the form.
 * A photo that is not the submitter's own fresh upload is refused on `photos`.
 */
export async function submitDocument(actor: Actor, farmId: number, input: DocumentInput, photoId: string | null): Promise<{ id: number }> {
  try {
    return await db().transaction(async (tx) => {
      const relation = await authorizeFarm(actor, "farm.verify", farmId, tx);
      const [photo] = photoId ? await usablePhotos(actor.userId, [photoId], {}) : [];
      if (!photo) throw new DomainError("invalid", "errors.verification.photo", { field: "photos" });
      const [farm] = await tx.select({ verification: farms.verification }).from(farms).where(eq(farms.id, farmId)).for("update");
      const [document] = await tx
        .insert(farmDocuments)
        .values({ farmId, ...input, photoId: photo.id, submittedBy: actor.userId })
        .returning({ id: farmDocuments.id });
      const next: FarmVerification = farm.verification === "verified" ? "verified" : "pending";
      if (next !== farm.verification) await tx.update(farms).set({ verification: next }).where(eq(farms.id, farmId));
      await audit(tx, actor, {
        action: "verification.submit",
        subject: { type: "farm_document", id: document.id },
        farmId,
        relation,
        before: { farmVerification: farm.verification },
        after: { kind: input.kind, certificationType: input.certificationType, number: input.number, issuer: input.issuer, issuedOn: input.issuedOn, expiresOn: input.expiresOn, farmVerification: next },
      });
      return document;
    });
  } catch (error) {
    // The same photo given for two papers at once: the second is refused like any unusable photo.
    if (isUniqueViolation(error, "farm_documents_photo_key")) throw new DomainError("invalid", "errors.verification.photo", { field: "photos" });
    throw error;
  }
}

export type FarmDocumentView = {
  id: number;
  kind: DocumentKind;
  certificationType: string | null;
  number: string;
  issuer: string;
  issuedOn: string | null;
  expiresOn: string | null;
  state: "pending" | "approved" | "rejected";
  reason: string;
  createdAt: Date;
  reviewedAt: Date | null;
  photo: PhotoView | null;
};

const documentColumns = {
  id: farmDocuments.id,
  kind: farmDocuments.kind,
  certificationType: farmDocuments.certificationType,
  number: farmDocuments.number,
  issuer: farmDocuments.issuer,
  issuedOn: farmDocuments.issuedOn,
  expiresOn: farmDocuments.expiresOn,
  state: farmDocuments.state,
  reason: farmDocuments.reason,
  createdAt: farmDocuments.createdAt,
  reviewedAt: farmDocuments.reviewedAt,
  photo: photos,
};

/** The farm's papers, newest first, with their state and a rejection's reason. The caller checked "farm.verify". */
export async function documentsOfFarm(farmId: number): Promise<FarmDocumentView[]> {
  const rows = await db()
    .select(documentColumns)
    .from(farmDocuments)
    .leftJoin(photos, eq(photos.id, farmDocuments.photoId))
    .where(eq(farmDocuments.farmId, farmId))
    .orderBy(desc(farmDocuments.id));
  return rows.map(({ photo, ...d }) => ({ ...d, photo: photo ? photoView(photo) : null }));
}

/** One of the farm's papers (to submit again after a rejection); null when it is not this farm's. */
export async function documentOfFarm(farmId: number, documentId: number): Promise<FarmDocumentView | null> {
  return (await documentsOfFarm(farmId)).find((d) => d.id === documentId) ?? null;
}

export type QueueItem = FarmDocumentView & {
  farmId: number;
  farmName: string;
  farmSlug: string;
  farmVerification: FarmVerification;
  communeName: string;
  provinceName: string;
};

/** The pending papers, oldest first (policy "ops.verify"; others: not found). */
export async function verificationQueue(actor: Actor, limit = 50): Promise<QueueItem[]> {
  authorizePlatform(actor, "ops.verify");
  const rows = await db()
    .select({
      ...documentColumns,
      farmId: farms.id,
      farmName: farms.name,
      farmSlug: farms.slug,
      farmVerification: farms.verification,
      communeName: communes.name,
      provinceName: provinces.name,
    })
    .from(farmDocuments)
    .innerJoin(farms, eq(farms.id, farmDocuments.farmId))
    .innerJoin(communes, eq(communes.code, farms.communeCode))
    .innerJoin(provinces, eq(provinces.code, farms.provinceCode))
    .leftJoin(photos, eq(photos.id, farmDocuments.photoId))
    .where(eq(farmDocuments.state, "pending"))
    .orderBy(asc(farmDocuments.createdAt), asc(farmDocuments.id))
    .limit(limit);
  return rows.map(({ photo, ...d }) => ({ ...d, photo: photo ? photoView(photo) : null }));
}

/** How many papers wait for a moderator: the /ops workspace's count. */
export async function pendingDocumentCount(): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(farmDocuments).where(eq(farmDocuments.state, "pending"));
  return row.n;
}

/**
 * A moderator approves or rejects a pending paper (policy "ops.verify").
 * Locked first: of two moderators at once, the second is refused with
 * "reviewed already" and changes nothing.
 */
export async function reviewDocument(actor: Actor, input: ReviewInput): Promise<void> {
  await db().transaction(async (tx) => {
    authorizePlatform(actor, "ops.verify");
    const [document] = await tx.select().from(farmDocuments).where(eq(farmDocuments.id, input.documentId)).for("update");
    if (!document) throw notFound();
    if (document.state !== "pending") throw new DomainError("conflict", "errors.verification.reviewedAlready");
    const [farm] = await tx.select({ verification: farms.verification, ownerId: farms.ownerId }).from(farms).where(eq(farms.id, document.farmId)).for("update");
    const state = input.decision === "approve" ? "approved" : "rejected";
    const reason = input.decision === "reject" ? input.reason : "";
    await tx
      .update(farmDocuments)
      .set({ state, reason, reviewedBy: actor.userId, reviewedAt: new Date(), version: sql`${farmDocuments.version} + 1` })
      .where(eq(farmDocuments.id, document.id));

    let searchChanged = false;
    if (state === "approved" && document.kind === "certificate" && document.certificationType) {
      // The same paper approved before (submitted twice): one certification, brought up to date.
      await tx
        .delete(farmCertifications)
        .where(and(eq(farmCertifications.farmId, document.farmId), eq(farmCertifications.type, document.certificationType), eq(farmCertifications.number, document.number)));
      await tx.insert(farmCertifications).values({
        farmId: document.farmId,
        type: document.certificationType,
        number: document.number,
        issuer: document.issuer,
        expiresOn: document.expiresOn,
      });
      searchChanged = true;
    }
    const next = await nextVerification(tx, document.farmId, farm.verification, document.kind, state);
    if (next !== farm.verification) {
      await tx.update(farms).set({ verification: next }).where(eq(farms.id, document.farmId));
      searchChanged ||= next === "verified";
    }
    if (searchChanged) await recordFarmSearchChange(tx, document.farmId);

    const [notified] = await tx
      .insert(notifications)
      .values({
        userId: farm.ownerId,
        kind: state === "approved" ? "verification_approved" : "verification_rejected",
        params: { document: document.kind, number: document.number, reason },
      })
      .returning({ id: notifications.id });
    await audit(tx, actor, {
      action: state === "approved" ? "verification.approve" : "verification.reject",
      subject: { type: "farm_document", id: document.id },
      farmId: document.farmId,
      before: { state: document.state, farmVerification: farm.verification },
      after: { state, reason, farmVerification: next },
    });
    await enqueueEffects(tx, { notified: [notified.id] });
  });
}

/** The farm's standing after a review (see the invariants above). */
async function nextVerification(
  tx: Executor,
  farmId: number,
  current: FarmVerification,
  kind: DocumentKind,
  state: "approved" | "rejected",
): Promise<FarmVerification> {
  if (current === "verified") return "verified";
  if (state === "approved" && kind !== "certificate") return "verified";
  const [waiting] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(farmDocuments)
    .where(and(eq(farmDocuments.farmId, farmId), eq(farmDocuments.state, "pending")));
  if (waiting.n > 0) return "pending";
  return state === "rejected" ? "rejected" : "unverified";
}

/**
 * The daily reminder: the owners of farms whose approved certificate
 * expires within 30 days (from `now`, in Vietnam's calendar) are told once.
 * Safe to run twice, and twice at once: a document is claimed by setting
 * reminded_at where it is still null. Returns how many were reminded.
 */
export async function remindExpiringCertificates(now = new Date()): Promise<number> {
  const today = todayIso(now);
  const horizon = todayIso(new Date(now.getTime() + REMIND_DAYS_BEFORE_EXPIRY * 24 * 3600_000));
  return db().transaction(async (tx) => {
    const due = await tx
      .update(farmDocuments)
      .set({ remindedAt: now })
      .where(
        and(
          eq(farmDocuments.kind, "certificate"),
          eq(farmDocuments.state, "approved"),
          isNull(farmDocuments.remindedAt),
          sql`${farmDocuments.expiresOn} between ${today}::date and ${horizon}::date`,
        ),
      )
      .returning({ id: farmDocuments.id, farmId: farmDocuments.farmId, type: farmDocuments.certificationType, number: farmDocuments.number, expiresOn: farmDocuments.expiresOn });
    if (due.length === 0) return 0;
    const owners = await tx
      .select({ id: farms.id, ownerId: farms.ownerId })
      .from(farms)
      .where(inArray(farms.id, [...new Set(due.map((d) => d.farmId))]));
    const ownerOf = new Map(owners.map((f) => [f.id, f.ownerId]));
    const notified = await tx
      .insert(notifications)
      .values(
        due.map((d) => ({
          userId: ownerOf.get(d.farmId)!,
          kind: "certificate_expiring",
          params: { certification: d.type ?? "", number: d.number, date: d.expiresOn ?? "" },
        })),
      )
      .returning({ id: notifications.id });
    await enqueueEffects(tx, { notified: notified.map((n) => n.id) });
    return due.length;
  });
}
