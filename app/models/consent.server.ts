/**
 * Households onboarded by a helper and their consent (issue 11, decision
 * 027). Invariants:
 * - a helper onboards a household only for a team they are an active member
 *   of (policy "team.work"); the household gets its own account (its phone,
 *   no email, an unusable password until it claims its login), its farm
 *   (kind household, owned by the household) and a *pending* consent, all in
 *   one transaction with the audit event;
 * - a consent gives nothing until granted (a code sent to the household's
 *   phone and typed back, or, while pending, a signed paper form
 *   photographed, that photo then the consent's alone); once granted it runs
 *   12 months; confirming again (a new code) renews it for 12 months from
 *   then;
 * - scopes are only 'listings' and 'orders': money, password and phone are
 *   no scope at all;
 * - the household (policy "farm.consent") or an operator ("ops.consent") may
 *   withdraw it at any time; the team's helpers' sessions acting for the farm
 *   end at once (and the policy refuses on the next request anyway);
 * - a helper sees a household only through a consent (any state) of one of
 *   their teams: others are "not found"; once withdrawn, only its name and
 *   that it was withdrawn.
 */
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { communes, consents, farms, photos, teamMembers, teams, userRoles, users } from "../../db/schema";
import { audit } from "~/policy/audit.server";
import { authorizeFarm, authorizePlatform, authorizeTeam } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import { can, type Actor, type ConsentScope } from "~/policy/policy";
import { farmRelation } from "~/policy/relations.server";
import { slugify } from "~/search/fold";
import type { HouseholdInput } from "~/validation/helpers";
import { messaging, type MessagingPort } from "~/messaging/index.server";
import { FieldErrors } from "./errors";
import { codeJustUsed, issueCode, verifyCode } from "./one-time-code.server";
import { photoView, usablePhotos, type PhotoView } from "./photo.server";
import { isUniqueViolation } from "./user.server";

export const CONSENT_MONTHS = 12;

/** Not an Argon2 hash: no password matches it (verifyPassword answers false). */
const unusablePasswordHash = () => `!unclaimed!${randomBytes(24).toString("base64url")}`;

export type ConsentState = "pending" | "in_force" | "expired" | "withdrawn";

function stateOf(c: { grantedAt: Date | null; expiresAt: Date | null; withdrawnAt: Date | null }, now = new Date()): ConsentState {
  if (c.withdrawnAt) return "withdrawn";
  if (!c.grantedAt || !c.expiresAt) return "pending";
  return c.expiresAt > now ? "in_force" : "expired";
}

async function uniqueFarmSlug(tx: Executor, name: string): Promise<string> {
  const base = slugify(name, 60) || "ho";
  const taken = await tx
    .select({ slug: farms.slug })
    .from(farms)
    .where(sql`${farms.slug} = ${base} or ${farms.slug} like ${`${base}-%`}`);
  const used = new Set(taken.map((f) => f.slug));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

export type Onboarded = { userId: number; farmId: number; consentId: number };

/**
 * A helper registers a household for their team: its account, its farm and
 * a pending consent with the scopes and method chosen. A phone that already
 * has an account is refused on `phone` (that household consents from its
 * own account; decision 027).
 */
export async function onboardHousehold(actor: Actor, teamId: number, input: HouseholdInput): Promise<Onboarded> {
  // Two households of one farm name onboarded at once pick the same free slug; the later one tries the next.
  for (let attempt = 1; ; attempt++) {
    try {
      return await onboardOnce(actor, teamId, input);
    } catch (error) {
      // The same household posted twice at once: the later one finds the earlier's (below) or is refused.
      if (attempt < 5 && (isUniqueViolation(error, "farms_slug_key") || isUniqueViolation(error, "users_phone_key"))) continue;
      throw error;
    }
  }
}

async function onboardOnce(actor: Actor, teamId: number, input: HouseholdInput): Promise<Onboarded> {
  return db().transaction(async (tx) => {
    await authorizeTeam(actor, "team.work", teamId, tx);
    const [team] = await tx.select({ communeCode: teams.communeCode }).from(teams).where(eq(teams.id, teamId));
    const communeCode = input.communeCode || team.communeCode;
    const [commune] = await tx.select({ provinceCode: communes.provinceCode }).from(communes).where(eq(communes.code, communeCode));
    if (!commune) throw new FieldErrors({ communeCode: ["errors.commune.unknown"] });
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.phone, input.phone));
    if (taken) {
      // This helper's own onboarding of it for this team, posted again (a double tap): that household.
      const [mine] = await tx
        .select({ farmId: farms.id, consentId: consents.id })
        .from(consents)
        .innerJoin(farms, eq(farms.id, consents.farmId))
        .where(
          and(
            eq(farms.ownerId, taken.id),
            eq(consents.teamId, teamId),
            eq(consents.recordedBy, actor.userId),
            isNull(consents.withdrawnAt),
            sql`(${consents.grantedAt} is null or ${consents.expiresAt} > now())`,
          ),
        )
        .orderBy(desc(consents.id))
        .limit(1);
      if (mine) return { userId: taken.id, ...mine };
      throw new FieldErrors({ phone: ["errors.household.phoneTaken"] });
    }

    const [user] = await tx
      .insert(users)
      .values({ phone: input.phone, passwordHash: unusablePasswordHash(), passwordSetAt: null, displayName: input.displayName })
      .returning({ id: users.id });
    await tx.insert(userRoles).values({ userId: user.id, role: "farmer" });
    const [farm] = await tx
      .insert(farms)
      .values({
        ownerId: user.id,
        name: input.farmName,
        slug: await uniqueFarmSlug(tx, input.farmName),
        kind: "household",
        story: input.grows,
        provinceCode: commune.provinceCode,
        communeCode,
        addressLine: input.village,
      })
      .returning({ id: farms.id });
    const [consent] = await tx
      .insert(consents)
      .values({ farmId: farm.id, teamId, scopes: input.scopes, method: input.method, recordedBy: actor.userId })
      .returning({ id: consents.id });
    const relation = { role: "helper" as const, scopes: [] };
    await audit(tx, actor, {
      action: "household.onboard",
      subject: { type: "farm", id: farm.id },
      farmId: farm.id,
      relation,
      after: { displayName: input.displayName, farmName: input.farmName, communeCode, village: input.village, teamId },
    });
    await audit(tx, actor, {
      action: "consent.request",
      subject: { type: "consent", id: consent.id },
      farmId: farm.id,
      relation,
      after: { teamId, scopes: input.scopes, method: input.method },
    });
    return { userId: user.id, farmId: farm.id, consentId: consent.id };
  });
}

type ConsentRow = typeof consents.$inferSelect;

/** The consent, when the actor is an active member of its team (else "not found"), locked for the command. */
async function consentForTeamWork(tx: Executor, actor: Actor, consentId: number): Promise<ConsentRow> {
  const [consent] = await tx.select().from(consents).where(eq(consents.id, consentId)).for("update");
  if (!consent) throw notFound();
  await authorizeTeam(actor, "team.work", consent.teamId, tx);
  return consent;
}

const consentAudit = (c: Pick<ConsentRow, "scopes" | "method" | "grantedAt" | "expiresAt" | "withdrawnAt" | "teamId">) => ({
  teamId: c.teamId,
  scopes: c.scopes,
  method: c.method,
  grantedAt: c.grantedAt,
  expiresAt: c.expiresAt,
  withdrawnAt: c.withdrawnAt,
});

/**
 * Grants (or renews) the consent from now for 12 months, inside the
 * caller's transaction: the proof (a code verified, a paper photo) is checked
 * by the caller in the same transaction.
 */
async function grant(tx: Executor, actor: Actor, consent: ConsentRow, method: "code" | "paper", paperPhotoId: string | null): Promise<void> {
  if (consent.withdrawnAt) throw new DomainError("conflict", "errors.consent.withdrawn");
  const [updated] = await tx
    .update(consents)
    .set({
      method,
      paperPhotoId: paperPhotoId ?? consent.paperPhotoId,
      grantedAt: sql`now()`,
      expiresAt: sql`now() + make_interval(months => ${CONSENT_MONTHS})`,
    })
    .where(eq(consents.id, consent.id))
    .returning();
  await audit(tx, actor, {
    action: consent.grantedAt ? "consent.renew" : "consent.grant",
    subject: { type: "consent", id: consent.id },
    farmId: consent.farmId,
    relation: { role: "helper", scopes: [] },
    before: consentAudit(consent),
    after: consentAudit(updated),
  });
}

/**
 * Consent on paper: the household signed the printed form and the helper
 * uploaded its photo (one of the helper's own unattached uploads, no other
 * consent's paper), which becomes this consent's (never usable elsewhere).
 * Only while the consent is pending: renewing is by code (decision 027).
 */
export async function confirmConsentByPaper(actor: Actor, consentId: number, photoId: string): Promise<void> {
  try {
    await db().transaction(async (tx) => {
      const consent = await consentForTeamWork(tx, actor, consentId);
      if (consent.withdrawnAt) throw new DomainError("conflict", "errors.consent.withdrawn", { field: "photos" });
      if (consent.grantedAt) throw new DomainError("conflict", "errors.consent.paperOnlyPending", { field: "photos" });
      const [photo] = await usablePhotos(actor.userId, [photoId], {});
      if (!photo) throw new DomainError("invalid", "errors.consent.paperPhoto", { field: "photos" });
      await grant(tx, actor, consent, "paper", photo.id);
    });
  } catch (error) {
    // The same photo given for two consents at once: the second is refused like any unusable photo.
    if (isUniqueViolation(error, "consents_paper_photo_key")) throw new DomainError("invalid", "errors.consent.paperPhoto", { field: "photos" });
    throw error;
  }
}

/**
 * Withdraws a consent: by the household (policy "farm.consent" on its farm)
 * or an operator ("ops.consent"). Helpers acting for the farm through this
 * team stop at once.
 */
export async function withdrawConsent(actor: Actor, consentId: number): Promise<void> {
  await db().transaction(async (tx) => {
    const [consent] = await tx.select().from(consents).where(eq(consents.id, consentId)).for("update");
    if (!consent) throw notFound();
    const operator = can(actor, "ops.consent", { kind: "platform" });
    if (operator) authorizePlatform(actor, "ops.consent");
    const relation = operator ? null : await authorizeFarm(actor, "farm.consent", consent.farmId, tx);
    if (consent.withdrawnAt) return consent;
    const [updated] = await tx
      .update(consents)
      .set({ withdrawnAt: sql`now()`, withdrawnBy: actor.userId })
      .where(eq(consents.id, consent.id))
      .returning();
    await audit(tx, actor, {
      action: "consent.withdraw",
      subject: { type: "consent", id: consent.id },
      farmId: consent.farmId,
      // An operator acts on no one's behalf; the household on its own.
      relation,
      before: consentAudit(consent),
      after: consentAudit(updated),
    });
    return updated;
  });
  // A helper acting for the household now is refused on their next request (the policy reads the
  // consent every time) and told why (requireSeller), which ends the acting; the banner says so meanwhile.
}

/**
 * Starts acting for a household (policy "farm.actFor": a co-op member, or a
 * helper with a consent in force); the page then marks the session.
 */
export async function startActingFor(actor: Actor, farmId: number): Promise<void> {
  await db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "farm.actFor", farmId, tx);
    await audit(tx, actor, { action: "acting.start", subject: { type: "farm", id: farmId }, farmId, relation });
  });
}

export type HouseholdRow = {
  farmId: number;
  displayName: string;
  farmName: string;
  village: string;
  teamName: string;
  consentId: number;
  state: ConsentState;
  expiresAt: Date | null;
  scopes: ConsentScope[];
};

/** The households of the helper's teams (each farm once, with its newest consent from those teams). */
export async function householdsOfHelper(userId: number): Promise<HouseholdRow[]> {
  const rows = await db()
    .select({
      farmId: farms.id,
      displayName: users.displayName,
      farmName: farms.name,
      village: farms.addressLine,
      teamName: teams.name,
      consentId: consents.id,
      grantedAt: consents.grantedAt,
      expiresAt: consents.expiresAt,
      withdrawnAt: consents.withdrawnAt,
      scopes: consents.scopes,
    })
    .from(consents)
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, consents.teamId), eq(teamMembers.userId, userId), isNull(teamMembers.removedAt)))
    .innerJoin(teams, eq(teams.id, consents.teamId))
    .innerJoin(farms, eq(farms.id, consents.farmId))
    .innerJoin(users, eq(users.id, farms.ownerId))
    .orderBy(asc(farms.addressLine), asc(users.displayName), desc(consents.id));
  const seen = new Set<number>();
  const now = new Date();
  return rows.flatMap(({ grantedAt, withdrawnAt, ...r }) => {
    if (seen.has(r.farmId)) return [];
    seen.add(r.farmId);
    return [{ ...r, state: stateOf({ grantedAt, expiresAt: r.expiresAt, withdrawnAt }, now) }];
  });
}

export type ConsentView = {
  id: number;
  teamId: number;
  teamName: string;
  scopes: ConsentScope[];
  method: "code" | "paper";
  state: ConsentState;
  grantedAt: Date | null;
  expiresAt: Date | null;
  withdrawnAt: Date | null;
  paperPhoto: PhotoView | null;
};

export type HouseholdDetail = {
  farmId: number;
  farmName: string;
  displayName: string;
  phone: string | null;
  village: string;
  communeName: string;
  story: string;
  claimed: boolean;
  /** Every consent of the helper's teams withdrawn: only the names and that state are given. */
  withdrawn: boolean;
  consents: ConsentView[];
};

async function consentViews(where: ReturnType<typeof and>): Promise<ConsentView[]> {
  const rows = await db()
    .select({ consent: consents, teamName: teams.name, photo: photos })
    .from(consents)
    .innerJoin(teams, eq(teams.id, consents.teamId))
    .leftJoin(photos, eq(photos.id, consents.paperPhotoId))
    .where(where)
    .orderBy(desc(consents.id));
  const now = new Date();
  return rows.map(({ consent: c, teamName, photo }) => ({
    id: c.id,
    teamId: c.teamId,
    teamName,
    scopes: c.scopes,
    method: c.method,
    state: stateOf(c, now),
    grantedAt: c.grantedAt,
    expiresAt: c.expiresAt,
    withdrawnAt: c.withdrawnAt,
    paperPhoto: photo ? photoView(photo) : null,
  }));
}

/**
 * A household as its team's helper sees it: only through a consent (any
 * state) of a team the helper is an active member of; else "not found".
 * When all those consents are withdrawn: only the names and that state.
 */
export async function householdForHelper(actor: Actor, farmId: number): Promise<HouseholdDetail> {
  const teamIds = (
    await db()
      .select({ teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(and(eq(teamMembers.userId, actor.userId), isNull(teamMembers.removedAt)))
  ).map((r) => r.teamId);
  if (teamIds.length === 0) throw notFound();
  const views = await consentViews(and(eq(consents.farmId, farmId), inArray(consents.teamId, teamIds)));
  if (views.length === 0) throw notFound();
  if (views.every((v) => v.state === "withdrawn")) {
    // Withdrawn: the team may know only that (the name and the state); no phone, no history, no form.
    const [owner] = await db()
      .select({ displayName: users.displayName, farmName: farms.name })
      .from(farms)
      .innerJoin(users, eq(users.id, farms.ownerId))
      .where(eq(farms.id, farmId));
    const last = views[0];
    return {
      farmId,
      ...owner,
      phone: null,
      village: "",
      communeName: "",
      story: "",
      claimed: false,
      withdrawn: true,
      consents: [{ ...last, grantedAt: null, expiresAt: null, paperPhoto: null }],
    };
  }
  const [farm] = await db()
    .select({
      farmId: farms.id,
      farmName: farms.name,
      displayName: users.displayName,
      phone: users.phone,
      village: farms.addressLine,
      communeName: communes.name,
      story: farms.story,
      claimed: sql<boolean>`${users.passwordSetAt} is not null`,
    })
    .from(farms)
    .innerJoin(users, eq(users.id, farms.ownerId))
    .innerJoin(communes, eq(communes.code, farms.communeCode))
    .where(eq(farms.id, farmId));
  return { ...farm, withdrawn: false, consents: views };
}

/** The farm's consents, newest first (the household's consent page; the caller checked "farm.consent"). */
export function consentsOfFarm(farmId: number): Promise<ConsentView[]> {
  return consentViews(and(eq(consents.farmId, farmId)));
}

/** Whether the actor may act for the farm now (the /help list's button). */
export async function mayActFor(actor: Actor, farmId: number): Promise<boolean> {
  return can(actor, "farm.actFor", { kind: "farm", relation: await farmRelation(actor.userId, farmId) });
}

/** The household's phone for the consent's code (its account's), and the team's name. */
async function householdPhone(tx: Executor, farmId: number): Promise<string> {
  const [row] = await tx.select({ phone: users.phone }).from(farms).innerJoin(users, eq(users.id, farms.ownerId)).where(eq(farms.id, farmId));
  if (!row?.phone) throw new DomainError("invalid", "errors.consent.noPhone", { field: "code" });
  return row.phone;
}

const CONSENT_PURPOSE = "consent";

/**
 * Texts a one-time code to the household's phone for the consent (to grant
 * it, or to renew it). Refusals (too soon, too many, unreachable) are
 * DomainErrors on the field "code" (or "phone") with their parameters.
 */
export async function sendConsentCode(actor: Actor, consentId: number, port: MessagingPort = messaging()): Promise<void> {
  const { consent, phone } = await db().transaction(async (tx) => {
    const consent = await consentForTeamWork(tx, actor, consentId);
    if (consent.withdrawnAt) throw new DomainError("conflict", "errors.consent.withdrawn", { field: "code" });
    return { consent, phone: await householdPhone(tx, consent.farmId) };
  });
  const sent = await issueCode({ purpose: CONSENT_PURPOSE, phone, subjectId: consent.id }, port);
  if (sent.status === "refused") throw new DomainError("invalid", sent.message, { field: sent.field, params: sent.params });
  await db().transaction((tx) =>
    audit(tx, actor, {
      action: "consent.codeSent",
      subject: { type: "consent", id: consent.id },
      farmId: consent.farmId,
      relation: { role: "helper", scopes: [] },
      after: { provider: sent.provider },
    }),
  );
}

/**
 * The household read the code to the helper (or typed it): the consent is
 * granted, or renewed, for 12 months from now. A wrong code is refused on
 * "code"; its try still counts (the verification commits before refusing).
 */
export async function confirmConsentByCode(actor: Actor, consentId: number, code: string): Promise<void> {
  const refused = await db().transaction(async (tx) => {
    const consent = await consentForTeamWork(tx, actor, consentId);
    if (consent.withdrawnAt) throw new DomainError("conflict", "errors.consent.withdrawn", { field: "code" });
    const phone = await householdPhone(tx, consent.farmId);
    const verified = await verifyCode({ purpose: CONSENT_PURPOSE, phone, subjectId: consent.id, code }, tx);
    // The same confirmation posted twice (its code now used): it was granted by this code just now; say so.
    if (verified.status !== "ok" && justGrantedByCode(consent) && (await codeJustUsed({ purpose: CONSENT_PURPOSE, phone, subjectId: consent.id, code }, tx))) {
      return null;
    }
    if (verified.status !== "ok") return verified;
    await grant(tx, actor, consent, "code", null);
    return null;
  });
  if (refused) throw new DomainError("invalid", refused.message, { field: refused.field, params: refused.params });
}

const REPOST_WINDOW_MS = 10 * 60 * 1000;

function justGrantedByCode(c: ConsentRow): boolean {
  return stateOf(c) === "in_force" && c.method === "code" && c.grantedAt !== null && Date.now() - c.grantedAt.getTime() < REPOST_WINDOW_MS;
}

/** Renewing is confirming again with a new code: 12 months from the day of renewal. */
export const renewConsent = confirmConsentByCode;

/** The acting banner's words: the household's name and farm (one query, app/root.tsx). */
export async function actingBanner(userId: number, farmId: number): Promise<{ displayName: string; farmName: string; ended: boolean } | null> {
  const [[row], relation] = await Promise.all([
    db().select({ displayName: users.displayName, farmName: farms.name }).from(farms).innerJoin(users, eq(users.id, farms.ownerId)).where(eq(farms.id, farmId)),
    // The right to act is read again: a consent withdrawn or expired, or the helper out of the team, shows at once.
    farmRelation(userId, farmId),
  ]);
  return row ? { ...row, ended: !relation || relation.role === "owner" } : null;
}
