/**
 * Farm verification on real PostgreSQL (decision 036): submitting papers with
 * their photo, a moderator's approval or rejection with a reason, sending a
 * rejected paper again, two moderators at once, certificates that expire,
 * the 30-day reminder, and those who may not (another farm, a
 * non-moderator: not found, nothing changed).
 */
import { and, eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditEvents, farmCertifications, farmDocuments, farms, notifications, searchOutbox } from "../../db/schema";
import { as, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { addHelper, createTeam, grantConsent } from "../../tests/helpers-factories";
import { DomainError } from "~/policy/errors";
import { todayIso } from "~/utils/dates";
import { documentSchema, type DocumentInput } from "~/validation/verification";
import { createListing } from "./listing.server";
import { notificationPath } from "./notification.server";
import { storeUploadedPhoto, usablePhotos } from "./photo.server";
import {
  documentsOfFarm,
  pendingDocumentCount,
  remindExpiringCertificates,
  reviewDocument,
  submitDocument,
  verificationQueue,
} from "./verification.server";

const png = () => sharp({ create: { width: 40, height: 30, channels: 3, background: "#ffffff" } }).png().toBuffer();

async function upload(userId: number): Promise<string> {
  const stored = await storeUploadedPhoto(userId, await png());
  if (!stored.ok) throw new Error(stored.error);
  return stored.photo.id;
}

const DAY = 24 * 3600_000;
const inDays = (days: number, from = new Date()) => todayIso(new Date(from.getTime() + days * DAY));

function paper(overrides: Record<string, string> = {}): DocumentInput {
  return documentSchema.parse({ kind: "household_registration", number: "123/XN-UBND", issuer: "UBND xã Lâm Viên", issuedOn: "2024-03-01", ...overrides });
}

function certificate(expiresOn: string, number = "VG-68-0042"): DocumentInput {
  return paper({ kind: "certificate", certificationType: "vietgap", number, issuer: "Trung tâm Chứng nhận Phù hợp (QUACERT)", issuedOn: "2024-01-10", expiresOn });
}

async function moderator() {
  const account = await createAccount(["moderator"]);
  return as(account, ["moderator"]);
}

async function farmState(farmId: number) {
  const [row] = await db().select({ verification: farms.verification }).from(farms).where(eq(farms.id, farmId));
  return row.verification;
}

async function refusal(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("the schema of a paper", () => {
  it("asks a certificate for its certification and expiry, and dates in order", () => {
    const bad = documentSchema.safeParse({ kind: "certificate", number: "1", issuer: "x", issuedOn: "2025-05-01", expiresOn: "2025-04-01" });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(messages).toContain("certificationType:errors.verification.certificationType");
    expect(messages).toContain("expiresOn:errors.verification.expiresBeforeIssued");
    expect(documentSchema.safeParse({ kind: "certificate", certificationType: "ocop", number: "1", issuer: "x", expiresOn: "2030-01-01" }).success).toBe(false);
    // A registration has no certification, whatever was posted.
    expect(paper({ certificationType: "vietgap" }).certificationType).toBeNull();
  });
});

describe("submitting papers", () => {
  it("stores the paper with its photo and moves the farm to pending, audited", async () => {
    const farmer = await createFarmer();
    const photoId = await upload(farmer.id);
    const { id } = await submitDocument(as(farmer), farmer.farm.id, paper(), photoId);
    expect(await farmState(farmer.farm.id)).toBe("pending");
    const [doc] = await documentsOfFarm(farmer.farm.id);
    expect(doc).toMatchObject({ id, kind: "household_registration", number: "123/XN-UBND", state: "pending", issuedOn: "2024-03-01" });
    expect(doc.photo?.id).toBe(photoId);
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "verification.submit"), eq(auditEvents.subjectId, String(id))));
    expect(event.before).toEqual({ farmVerification: "unverified" });
    expect(event.after).toMatchObject({ kind: "household_registration", farmVerification: "pending" });
  });

  it("refuses a paper without a photo of the submitter's own, or one photo for two papers", async () => {
    const farmer = await createFarmer();
    const stranger = await createFarmer();
    expect((await refusal(submitDocument(as(farmer), farmer.farm.id, paper(), null))).field).toBe("photos");
    const theirs = await upload(stranger.id);
    expect((await refusal(submitDocument(as(farmer), farmer.farm.id, paper(), theirs))).field).toBe("photos");
    const mine = await upload(farmer.id);
    await submitDocument(as(farmer), farmer.farm.id, paper(), mine);
    expect((await refusal(submitDocument(as(farmer), farmer.farm.id, paper({ number: "2" }), mine))).field).toBe("photos");
    expect(await documentsOfFarm(farmer.farm.id)).toHaveLength(1);
    // A paper's photo is that paper's alone: never offered for a listing or the farm's pictures.
    expect(await usablePhotos(farmer.id, [mine], {})).toEqual([]);
  });

  it("another farm's owner, or a helper without the listings scope, changes nothing: not found / forbidden", async () => {
    const farmer = await createFarmer();
    const other = await createFarmer();
    const photoId = await upload(other.id);
    expect((await refusal(submitDocument(as(other), farmer.farm.id, paper(), photoId))).kind).toBe("not_found");
    const team = await createTeam();
    const ordersOnly = await addHelper(team.id);
    await grantConsent(farmer.farm.id, team.id, ordersOnly.id, { scopes: ["orders"] });
    const helperPhoto = await upload(ordersOnly.id);
    expect((await refusal(submitDocument(as(ordersOnly), farmer.farm.id, paper(), helperPhoto))).kind).toBe("forbidden");
    expect(await documentsOfFarm(farmer.farm.id)).toEqual([]);
    expect(await farmState(farmer.farm.id)).toBe("unverified");
  });

  it("a helper with the listings scope submits for the household, recorded as on its behalf", async () => {
    const farmer = await createFarmer();
    const team = await createTeam();
    const helper = await addHelper(team.id);
    await grantConsent(farmer.farm.id, team.id, helper.id, { scopes: ["listings"] });
    const { id } = await submitDocument(as(helper), farmer.farm.id, paper(), await upload(helper.id));
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "verification.submit"), eq(auditEvents.subjectId, String(id))));
    expect(event.actorId).toBe(helper.id);
    expect(event.onBehalfOfFarmId).toBe(farmer.farm.id);
  });
});

describe("the moderators' review", () => {
  it("approving a registration verifies the farm, tells the owner, and search follows through the outbox", async () => {
    const mod = await moderator();
    const farmer = await createFarmer();
    const { id } = await submitDocument(as(farmer), farmer.farm.id, paper(), await upload(farmer.id));
    const queue = await verificationQueue(mod);
    const item = queue.find((q) => q.id === id)!;
    expect(item).toMatchObject({ farmName: farmer.farm.name, provinceName: expect.any(String), communeName: expect.any(String) });
    expect(item.photo?.lg).toContain("-lg.webp");
    const before = await pendingDocumentCount();

    await db().execute(sql`delete from search_outbox`);
    await reviewDocument(mod, { documentId: id, decision: "approve", reason: "" });
    expect(await farmState(farmer.farm.id)).toBe("verified");
    expect(await pendingDocumentCount()).toBe(before - 1);
    const [doc] = await documentsOfFarm(farmer.farm.id);
    expect(doc.state).toBe("approved");
    const told = await db().select().from(notifications).where(eq(notifications.userId, farmer.id));
    expect(told.map((n) => n.kind)).toEqual(["verification_approved"]);
    expect(notificationPath(told[0])).toBe("/sell/verification");
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "verification.approve"), eq(auditEvents.subjectId, String(id))));
    expect(event.actorId).toBe(mod.userId);
    expect(event.before).toEqual({ state: "pending", farmVerification: "pending" });
    expect(event.after).toEqual({ state: "approved", reason: "", farmVerification: "verified" });
    // The farm has no listing here; the outbox row would be per listing. The farm with one:
    const seller = await createFarmer();
    await createListing(as(seller), seller.farm.id, listingInput());
    const second = await submitDocument(as(seller), seller.farm.id, paper(), await upload(seller.id));
    await db().execute(sql`delete from search_outbox`);
    await reviewDocument(mod, { documentId: second.id, decision: "approve", reason: "" });
    expect(await db().select().from(searchOutbox)).toHaveLength(1);
  });

  it("rejecting needs a reason, shows it to the farm, and the paper can be sent again", async () => {
    const mod = await moderator();
    const farmer = await createFarmer();
    const { id } = await submitDocument(as(farmer), farmer.farm.id, paper(), await upload(farmer.id));
    await reviewDocument(mod, { documentId: id, decision: "reject", reason: "Ảnh mờ, không đọc được số." });
    expect(await farmState(farmer.farm.id)).toBe("rejected");
    expect((await documentsOfFarm(farmer.farm.id))[0]).toMatchObject({ state: "rejected", reason: "Ảnh mờ, không đọc được số." });
    const [told] = await db().select().from(notifications).where(eq(notifications.userId, farmer.id));
    expect(told).toMatchObject({ kind: "verification_rejected", params: { reason: "Ảnh mờ, không đọc được số." } });

    const again = await submitDocument(as(farmer), farmer.farm.id, paper(), await upload(farmer.id));
    expect(await farmState(farmer.farm.id)).toBe("pending");
    await reviewDocument(mod, { documentId: again.id, decision: "approve", reason: "" });
    expect(await farmState(farmer.farm.id)).toBe("verified");
    const states = (await documentsOfFarm(farmer.farm.id)).map((d) => d.state);
    expect(states).toEqual(["approved", "rejected"]);
  });

  it("approving a certificate makes it the farm's certification with the paper's number, issuer and expiry", async () => {
    const mod = await moderator();
    const farmer = await createFarmer();
    const expires = inDays(400);
    const { id } = await submitDocument(as(farmer), farmer.farm.id, certificate(expires), await upload(farmer.id));
    await reviewDocument(mod, { documentId: id, decision: "approve", reason: "" });
    const certs = await db().select().from(farmCertifications).where(eq(farmCertifications.farmId, farmer.farm.id));
    expect(certs).toEqual([expect.objectContaining({ type: "vietgap", number: "VG-68-0042", issuer: "Trung tâm Chứng nhận Phù hợp (QUACERT)", expiresOn: expires })]);
    // A certificate alone does not verify the farm.
    expect(await farmState(farmer.farm.id)).toBe("unverified");
  });

  it("two moderators on one paper at once: one outcome, the other told it was reviewed", async () => {
    const [first, second] = [await moderator(), await moderator()];
    const farmer = await createFarmer();
    const { id } = await submitDocument(as(farmer), farmer.farm.id, paper(), await upload(farmer.id));
    const results = await Promise.allSettled([
      reviewDocument(first, { documentId: id, decision: "approve", reason: "" }),
      reviewDocument(second, { documentId: id, decision: "reject", reason: "Không khớp tên chủ hộ." }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(DomainError);
    expect((failed.reason as DomainError).code).toBe("errors.verification.reviewedAlready");
    const events = await db().select().from(auditEvents).where(and(sql`${auditEvents.action} like 'verification.%'`, eq(auditEvents.subjectId, String(id)), sql`${auditEvents.action} <> 'verification.submit'`));
    expect(events).toHaveLength(1);
    const told = await db().select().from(notifications).where(eq(notifications.userId, farmer.id));
    expect(told).toHaveLength(1);
    const [doc] = await documentsOfFarm(farmer.farm.id);
    expect(await farmState(farmer.farm.id)).toBe(doc.state === "approved" ? "verified" : "rejected");
  });

  it("a non-moderator gets not found and changes nothing; an unknown paper is not found", async () => {
    const farmer = await createFarmer();
    const { id } = await submitDocument(as(farmer), farmer.farm.id, paper(), await upload(farmer.id));
    for (const someone of [as(farmer), as(await createAccount(["analyst"]), ["analyst"]), as(await createAccount(["helper"]), ["helper"])]) {
      expect((await refusal(reviewDocument(someone, { documentId: id, decision: "approve", reason: "" }))).kind).toBe("not_found");
      expect((await refusal(verificationQueue(someone))).kind).toBe("not_found");
    }
    expect((await documentsOfFarm(farmer.farm.id))[0].state).toBe("pending");
    expect(await farmState(farmer.farm.id)).toBe("pending");
    expect((await refusal(reviewDocument(await moderator(), { documentId: 2_000_000_000, decision: "approve", reason: "" }))).kind).toBe("not_found");
  });

  it("the queue is oldest first", async () => {
    const mod = await moderator();
    const a = await createFarmer();
    const b = await createFarmer();
    const older = await submitDocument(as(a), a.farm.id, paper(), await upload(a.id));
    const newer = await submitDocument(as(b), b.farm.id, paper(), await upload(b.id));
    await db().update(farmDocuments).set({ createdAt: new Date(Date.now() - 3 * DAY) }).where(eq(farmDocuments.id, older.id));
    const ids = (await verificationQueue(mod, 1000)).map((q) => q.id);
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id));
  });
});

describe("certificates that expire", () => {
  it("reminds the owner once, 30 days before; safe to run twice, and twice at once", async () => {
    const mod = await moderator();
    const farmer = await createFarmer();
    const now = new Date();
    const soon = await submitDocument(as(farmer), farmer.farm.id, certificate(inDays(20, now), "VG-SOON"), await upload(farmer.id));
    const later = await submitDocument(as(farmer), farmer.farm.id, certificate(inDays(45, now), "VG-LATER"), await upload(farmer.id));
    const pending = await submitDocument(as(farmer), farmer.farm.id, certificate(inDays(10, now), "VG-PENDING"), await upload(farmer.id));
    await reviewDocument(mod, { documentId: soon.id, decision: "approve", reason: "" });
    await reviewDocument(mod, { documentId: later.id, decision: "approve", reason: "" });
    const reminders = () => db().select().from(notifications).where(and(eq(notifications.userId, farmer.id), eq(notifications.kind, "certificate_expiring")));

    const [first, second] = await Promise.all([remindExpiringCertificates(now), remindExpiringCertificates(now)]);
    expect(first + second).toBeGreaterThanOrEqual(1);
    expect(await reminders()).toEqual([expect.objectContaining({ params: { certification: "vietgap", number: "VG-SOON", date: inDays(20, now) } })]);
    await remindExpiringCertificates(now);
    expect(await reminders()).toHaveLength(1);
    // Twenty days on, the later one is within 30 days: reminded then, once.
    const then = new Date(now.getTime() + 20 * DAY);
    await remindExpiringCertificates(then);
    await remindExpiringCertificates(then);
    expect((await reminders()).map((n) => n.params.number).sort()).toEqual(["VG-LATER", "VG-SOON"]);
    // A paper still waiting for review is no certification of the farm: no reminder.
    expect((await reminders()).some((n) => n.params.number === "VG-PENDING")).toBe(false);
    void pending;
  });
});
