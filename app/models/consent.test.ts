/**
 * Teams, households and their consent on real PostgreSQL, codes sent through
 * the real eSMS adapter to the imitation of eSMS on a real port (read where
 * eSMS would receive them): inviting and joining, onboarding, grant by code
 * and by paper, expiry, withdrawal while a helper's session acts for the
 * household, a helper removed from the team, claiming the household's login.
 */
import { eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { consents, farms, sessions, teamInvites, users } from "../../db/schema";
import { ESMS_TEST_ACCOUNT, lastCodeFromImitation, serveFakeEsms } from "../../tests/handlers/esms";
import { as, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { esmsMessaging } from "~/messaging/esms.server";
import { DomainError } from "~/policy/errors";
import { farmRelation } from "~/policy/relations.server";
import { farmActivity } from "~/policy/audit.server";
import { requireSeller } from "~/utils/actor.server";
import { setActingFarm, startSession } from "~/utils/session.server";
import { claimAccount, requestClaimCode } from "./claim.server";
import {
  confirmConsentByCode,
  confirmConsentByPaper,
  householdForHelper,
  householdsOfHelper,
  onboardHousehold,
  sendConsentCode,
  startActingFor,
  withdrawConsent,
  actingBanner,
} from "./consent.server";
import { FieldErrors } from "./errors";
import { storeUploadedPhoto, usablePhotos } from "./photo.server";
import { createTeam, hashInviteToken, inviteHelper, joinTeam, listTeams, removeHelper } from "./team.server";
import { verifyLogin } from "./user.server";
import { createListing, listSellerListings } from "./listing.server";

let edge: Awaited<ReturnType<typeof serveFakeEsms>>;
let esms: ReturnType<typeof esmsMessaging>;
beforeAll(async () => {
  edge = await serveFakeEsms();
  esms = esmsMessaging({ ...ESMS_TEST_ACCOUNT, baseUrl: edge.baseUrl, timeoutMs: 2000 });
});
afterAll(() => edge.close());

// A commune of Hưng Yên (2025 list; province 33).
let COMMUNE = "";
beforeAll(async () => {
  const [row] = await db().execute<{ code: string }>(sql`select code from communes where province_code = '33' order by code limit 1`);
  COMMUNE = row.code;
});

let householdCounter = 0;
function householdPhone(): string {
  householdCounter += 1;
  return `098${String(process.pid % 1000).padStart(3, "0")}${String(householdCounter).padStart(4, "0")}`;
}
const e164 = (phone: string) => `84${phone.slice(1)}`;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

/** A team with one helper who joined through an invitation link. */
async function teamWithHelper(name = "Tổ công nghệ số thôn Đông") {
  const operator = await createAccount(["operator"]);
  const team = await createTeam(as(operator, ["operator"]), { name, communeCode: COMMUNE });
  const helperAccount = await createAccount(["consumer"]);
  const { token } = await inviteHelper(as(operator, ["operator"]), team.id);
  await joinTeam(as(helperAccount), token);
  const helper = as(helperAccount, ["consumer", "helper"]);
  return { operator: as(operator, ["operator"]), team, helper, helperAccount };
}

const household = (overrides: Record<string, unknown> = {}) => ({
  displayName: "Nguyễn Văn Tư",
  phone: e164(householdPhone()),
  communeCode: "",
  village: "Thôn Đông",
  farmName: "Vườn nhãn nhà bác Tư",
  grows: "Nhãn lồng, rau muống",
  scopes: ["listings", "orders"] as ("listings" | "orders")[],
  method: "code" as const,
  ...overrides,
});

async function grantByCode(helper: ReturnType<typeof as>, consentId: number, phone: string) {
  await sendConsentCode(helper, consentId, esms);
  const code = await lastCodeFromImitation(edge.origin, phone);
  await confirmConsentByCode(helper, consentId, code);
}

/** A helper's session (cookie) acting for the farm. */
async function actingSession(userId: number, farmId: number): Promise<Request> {
  const cookie = (await startSession(userId)).split(";")[0];
  const request = new Request("http://x/sell", { headers: { cookie } });
  await setActingFarm(request, farmId);
  return request;
}


async function actingOf(userId: number): Promise<number | null> {
  const [row] = await db().select({ acting: sessions.actingFarmId }).from(sessions).where(eq(sessions.userId, userId));
  return row.acting;
}

describe("teams and invitations", () => {
  it("only operators create teams, for a commune of the 2025 list", async () => {
    const farmer = await createAccount(["farmer"]);
    const refused = await rejection(createTeam(as(farmer), { name: "Tổ lạ", communeCode: COMMUNE }));
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).status).toBe(404);
    const operator = await createAccount(["operator"]);
    const unknown = await rejection(createTeam(as(operator, ["operator"]), { name: "Tổ lạ", communeCode: "99999" }));
    expect(unknown).toBeInstanceOf(FieldErrors);
    expect((unknown as FieldErrors).fieldErrors.communeCode).toEqual(["errors.commune.unknown"]);
  });

  it("an invitation works once; a used, expired or unknown link is refused with why", async () => {
    const { operator, team } = await teamWithHelper();
    const first = await createAccount(["consumer"]);
    const second = await createAccount(["consumer"]);
    const { token } = await inviteHelper(operator, team.id);
    const [stored] = await db().select().from(teamInvites).where(eq(teamInvites.teamId, team.id)).orderBy(sql`id desc`).limit(1);
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    await joinTeam(as(first), token);
    expect(((await rejection(joinTeam(as(second), token))) as DomainError).code).toBe("errors.team.inviteUsed");

    const late = await inviteHelper(operator, team.id);
    await db().update(teamInvites).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(teamInvites.tokenHash, hashInviteToken(late.token)));
    expect(((await rejection(joinTeam(as(second), late.token))) as DomainError).code).toBe("errors.team.inviteExpired");
    expect(((await rejection(joinTeam(as(second), "x".repeat(43)))) as DomainError).code).toBe("errors.team.inviteUnknown");
    // Nothing of the team for the one who was refused.
    expect(await householdsOfHelper(second.id)).toEqual([]);
  });
});

describe("the consent lifecycle", () => {
  it("a household onboarded is pending: its helper cannot act for it until the code is confirmed; then 12 months", async () => {
    const { team, helper } = await teamWithHelper();
    const input = household();
    const { farmId, consentId, userId } = await onboardHousehold(helper, team.id, input);

    const [account] = await db().select().from(users).where(eq(users.id, userId));
    expect(account).toMatchObject({ phone: input.phone, email: null, passwordSetAt: null, displayName: "Nguyễn Văn Tư" });
    const [farm] = await db().select().from(farms).where(eq(farms.id, farmId));
    expect(farm).toMatchObject({ ownerId: userId, kind: "household", communeCode: COMMUNE, addressLine: "Thôn Đông", story: "Nhãn lồng, rau muống" });
    expect(await verifyLogin(`0${input.phone.slice(2)}`, "")).toBeNull();

    // Pending: no relation, no acting.
    expect(await farmRelation(helper.userId, farmId)).toBeNull();
    expect(await rejection(startActingFor(helper, farmId))).toBeInstanceOf(DomainError);

    await sendConsentCode(helper, consentId, esms);
    const code = await lastCodeFromImitation(edge.origin, input.phone);
    expect(edge.fake.lastMessageTo(input.phone)!.content).toContain(code);
    const wrong = code === "000000" ? "111111" : "000000";
    const refused = (await rejection(confirmConsentByCode(helper, consentId, wrong))) as DomainError;
    expect(refused.field).toBe("code");
    expect(refused.code).toBe("errors.code.wrong");
    expect(refused.options.params).toEqual({ count: 4 });
    expect(await farmRelation(helper.userId, farmId)).toBeNull();

    await confirmConsentByCode(helper, consentId, code);
    const [consent] = await db().select().from(consents).where(eq(consents.id, consentId));
    const months = (consent.expiresAt!.getTime() - consent.grantedAt!.getTime()) / (24 * 3600_000);
    expect(months).toBeGreaterThanOrEqual(365);
    expect(months).toBeLessThanOrEqual(366);
    expect(await farmRelation(helper.userId, farmId)).toEqual({ role: "helper", scopes: expect.arrayContaining(["listings", "orders"]) });

    // The same code again (a double tap) is answered as done and renews nothing.
    await confirmConsentByCode(helper, consentId, code);
    expect((await db().select().from(consents).where(eq(consents.id, consentId)))[0]).toEqual(consent);

    const activity = await farmActivity(farmId);
    expect(activity.map((a) => a.action)).toEqual(expect.arrayContaining(["household.onboard", "consent.request", "consent.codeSent", "consent.grant"]));
    expect(activity.every((a) => a.onBehalf)).toBe(true);
  });

  it("the consent counts for its own farm only, never for the farm whose id is the consent's id", async () => {
    const { team, helper } = await teamWithHelper();
    // Farms without consents first, so that the household's farm id and its consent's id differ.
    for (let i = 0; i < 3; i++) await createFarmer();
    const input = household();
    const { farmId, consentId } = await onboardHousehold(helper, team.id, input);
    await grantByCode(helper, consentId, input.phone);
    expect(farmId).not.toBe(consentId);
    const [sameId] = await db().select({ id: farms.id }).from(farms).where(eq(farms.id, consentId));
    expect(sameId).toBeDefined();
    expect(await farmRelation(helper.userId, farmId)).toEqual({ role: "helper", scopes: expect.arrayContaining(["listings", "orders"]) });
    expect(await farmRelation(helper.userId, consentId)).toBeNull();
    await startActingFor(helper, farmId);
    expect(await rejection(startActingFor(helper, consentId))).toBeInstanceOf(DomainError);
  });

  it("a phone that already has an account is refused on the phone field; nothing is created", async () => {
    const { team, helper } = await teamWithHelper();
    const existing = await createAccount(["consumer"]);
    const before = await db().execute<{ n: number }>(sql`select count(*)::int n from farms`);
    const refused = await rejection(onboardHousehold(helper, team.id, household({ phone: e164(existing.phone) })));
    expect((refused as FieldErrors).fieldErrors.phone).toEqual(["errors.household.phoneTaken"]);
    const after = await db().execute<{ n: number }>(sql`select count(*)::int n from farms`);
    expect(after[0].n).toBe(before[0].n);
  });

  it("a consent past its expiry gives no access; a session acting for the household is refused and stops acting", async () => {
    const { team, helper } = await teamWithHelper();
    const input = household();
    const { farmId, consentId } = await onboardHousehold(helper, team.id, input);
    await grantByCode(helper, consentId, input.phone);
    const request = await actingSession(helper.userId, farmId);
    expect((await requireSeller(request, "listing.manage")).farm?.id).toBe(farmId);

    await db().update(consents).set({ grantedAt: sql`now() - interval '13 months'`, expiresAt: sql`now() - interval '1 month'` }).where(eq(consents.id, consentId));
    expect(await farmRelation(helper.userId, farmId)).toBeNull();
    const refused = await rejection(requireSeller(request, "listing.manage"));
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    const [row] = await db().select({ acting: sessions.actingFarmId }).from(sessions).where(eq(sessions.userId, helper.userId));
    expect(row.acting).toBeNull();
    expect((await householdsOfHelper(helper.userId)).find((h) => h.farmId === farmId)?.state).toBe("expired");
  });

  it("an expired consent is renewed by a new code: 12 months from the renewal, recorded as a renewal", async () => {
    const { team, helper } = await teamWithHelper();
    const input = household();
    const { farmId, consentId } = await onboardHousehold(helper, team.id, input);
    await grantByCode(helper, consentId, input.phone);
    await db().update(consents).set({ grantedAt: sql`now() - interval '13 months'`, expiresAt: sql`now() - interval '1 month'` }).where(eq(consents.id, consentId));
    // The code limits count per phone: the first code is more than a minute old now, as far as the limit is concerned.
    await db().execute(sql`update one_time_codes set created_at = created_at - interval '2 minutes' where phone = ${input.phone}`);
    expect(await farmRelation(helper.userId, farmId)).toBeNull();
    const sentAt = new Date();
    await sendConsentCode(helper, consentId, esms);
    await confirmConsentByCode(helper, consentId, await lastCodeFromImitation(edge.origin, input.phone, { after: new Date(sentAt.getTime() - 1000) }));
    const [renewed] = await db().select().from(consents).where(eq(consents.id, consentId));
    expect(renewed.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 364 * 24 * 3600_000);
    expect(await farmRelation(helper.userId, farmId)).not.toBeNull();
    expect((await farmActivity(farmId)).map((a) => a.action)).toContain("consent.renew");
  });

  it("withdrawn mid-session by the household: the helper's next request is refused, the acting ended at once", async () => {
    const { team, helper } = await teamWithHelper();
    const input = household();
    const { farmId, consentId, userId } = await onboardHousehold(helper, team.id, input);
    await grantByCode(helper, consentId, input.phone);
    await startActingFor(helper, farmId);
    const request = await actingSession(helper.userId, farmId);
    const seller = await requireSeller(request, "listing.manage");
    await createListing(seller.actor, farmId, listingInput({ title: "Nhãn lồng Hưng Yên" }));
    expect((await listSellerListings(farmId)).map((l) => l.title)).toEqual(["Nhãn lồng Hưng Yên"]);

    // A helper cannot withdraw, nor a stranger: only the household or an operator.
    expect(((await rejection(withdrawConsent(helper, consentId))) as DomainError).status).toBe(403);
    const stranger = await createAccount(["farmer"]);
    expect(((await rejection(withdrawConsent(as(stranger), consentId))) as DomainError).status).toBe(404);

    await withdrawConsent(as({ id: userId }, ["farmer"]), consentId);
    // The session is still marked as acting, and its very next request is refused, saying why, which ends the acting.
    expect(await actingOf(helper.userId)).toBe(farmId);
    expect(await actingBanner(helper.userId, farmId)).toMatchObject({ ended: true });
    const ended = (await rejection(requireSeller(request, "listing.manage"))) as Response;
    expect(ended.status).toBe(403);
    expect(await ended.json()).toEqual({ message: "errors.policy.actingEnded" });
    expect(await actingOf(helper.userId)).toBeNull();
    // Marked again by hand, the policy still refuses.
    await setActingFarm(request, farmId);
    expect(((await rejection(requireSeller(request, "listing.manage"))) as Response).status).toBe(403);
    expect(await rejection(createListing(helper, farmId, listingInput({ title: "Sau khi rút" })))).toBeInstanceOf(DomainError);
    // Withdrawn cannot be granted again by a code.
    expect(((await rejection(sendConsentCode(helper, consentId, esms))) as DomainError).code).toBe("errors.consent.withdrawn");

    const actions = (await farmActivity(farmId)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["listing.create", "consent.withdraw", "acting.start"]));
  });

  it("an operator may withdraw any household's consent", async () => {
    const { team, helper, operator } = await teamWithHelper();
    const input = household();
    const { farmId, consentId } = await onboardHousehold(helper, team.id, input);
    await grantByCode(helper, consentId, input.phone);
    await withdrawConsent(operator, consentId);
    expect(await farmRelation(helper.userId, farmId)).toBeNull();
  });

  it("a helper removed from the team loses the households at once, including an acting session", async () => {
    const { team, helper, operator } = await teamWithHelper();
    const input = household();
    const { farmId, consentId } = await onboardHousehold(helper, team.id, input);
    await grantByCode(helper, consentId, input.phone);
    const request = await actingSession(helper.userId, farmId);
    await removeHelper(operator, team.id, helper.userId);
    const ended = (await rejection(requireSeller(request, "listing.manage"))) as Response;
    expect(await ended.json()).toEqual({ message: "errors.policy.actingEnded" });
    expect(await actingOf(helper.userId)).toBeNull();
    await setActingFarm(request, farmId);
    expect(((await rejection(requireSeller(request, "listing.manage"))) as Response).status).toBe(403);
    expect(((await rejection(householdForHelper(helper, farmId))) as DomainError).status).toBe(404);
    expect(((await rejection(onboardHousehold(helper, team.id, household()))) as DomainError).status).toBe(404);
    expect(await householdsOfHelper(helper.userId)).toEqual([]);
  });

  it("the other team's helper sees and does nothing for the household", async () => {
    const { team, helper } = await teamWithHelper();
    const other = await teamWithHelper("Tổ thôn Tây");
    const input = household();
    const { farmId, consentId } = await onboardHousehold(helper, team.id, input);
    await grantByCode(helper, consentId, input.phone);
    expect(await farmRelation(other.helper.userId, farmId)).toBeNull();
    const teams = await listTeams();
    expect(teams.find((t) => t.id === team.id)).toMatchObject({ households: 1, helpers: [{ userId: helper.userId }] });
    expect(teams.find((t) => t.id === other.team.id)).toMatchObject({ households: 0 });
    for (const attempt of [
      () => householdForHelper(other.helper, farmId),
      () => sendConsentCode(other.helper, consentId, esms),
      () => confirmConsentByCode(other.helper, consentId, "123456"),
      () => startActingFor(other.helper, farmId),
      () => onboardHousehold(other.helper, team.id, household()),
    ]) {
      expect(((await rejection(attempt())) as DomainError).status).toBe(404);
    }
  });

  it("consent on paper: the helper's own upload of the signed form grants it; someone else's photo does not", async () => {
    const { team, helper } = await teamWithHelper();
    const { farmId, consentId } = await onboardHousehold(helper, team.id, household({ method: "paper", scopes: ["listings"] }));
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#ffffff" } }).png().toBuffer();
    const stranger = await createAccount(["consumer"]);
    const theirs = await storeUploadedPhoto(stranger.id, png);
    const mine = await storeUploadedPhoto(helper.userId, png);
    if (!theirs.ok || !mine.ok) throw new Error("photo not stored");
    const refused = (await rejection(confirmConsentByPaper(helper, consentId, theirs.photo.id))) as DomainError;
    expect(refused.field).toBe("photos");
    await confirmConsentByPaper(helper, consentId, mine.photo.id);
    expect(await farmRelation(helper.userId, farmId)).toEqual({ role: "helper", scopes: ["listings"] });
    const detail = await householdForHelper(helper, farmId);
    expect(detail.consents[0]).toMatchObject({ state: "in_force", method: "paper", paperPhoto: { id: mine.photo.id } });
  });
});

describe("the household claims its login", () => {
  it("phone → code → password: then it logs in; the account cannot be claimed twice", async () => {
    const { team, helper } = await teamWithHelper();
    const input = household();
    const { userId } = await onboardHousehold(helper, team.id, input);
    await requestClaimCode(input.phone, esms);
    const code = await lastCodeFromImitation(edge.origin, input.phone);
    expect(await claimAccount(input.phone, code, "mat-khau-cua-ho")).toEqual({ userId });
    expect(await verifyLogin(`0${input.phone.slice(2)}`, "mat-khau-cua-ho")).toBe(userId);
    const [account] = await db().select().from(users).where(eq(users.id, userId));
    expect(account.passwordSetAt).not.toBeNull();

    const sentBefore = edge.fake.messages.length;
    await requestClaimCode(input.phone, esms);
    expect(edge.fake.messages.length).toBe(sentBefore);
    expect(((await rejection(claimAccount(input.phone, code, "mat-khau-khac-1"))) as DomainError).code).toBe("errors.code.expired");
    expect(await verifyLogin(`0${input.phone.slice(2)}`, "mat-khau-cua-ho")).toBe(userId);
  });

  it("an ordinary account is never claimable, and asking says nothing about it", async () => {
    const person = await createAccount(["consumer"]);
    const sentBefore = edge.fake.messages.length;
    await requestClaimCode(e164(person.phone), esms);
    expect(edge.fake.messages.length).toBe(sentBefore);
    expect(((await rejection(claimAccount(e164(person.phone), "123456", "mat-khau-moi-1"))) as DomainError).code).toBe("errors.code.expired");
    expect(await verifyLogin(person.phone, person.password)).toBe(person.id);
  });
});


describe("onboarding at the same time", () => {
  it("two households with the same farm name onboarded at once both get their farm, each its own slug", async () => {
    const { team, helper } = await teamWithHelper();
    const farmName = `Vườn cùng tên ${process.pid} ${Date.now()}`;
    const results = await Promise.all([onboardHousehold(helper, team.id, household({ farmName })), onboardHousehold(helper, team.id, household({ farmName }))]);
    const slugs = await db().select({ slug: farms.slug }).from(farms).where(sql`${farms.id} in (${results[0].farmId}, ${results[1].farmId})`);
    expect(new Set(slugs.map((f) => f.slug)).size).toBe(2);
  });
});

describe("consent on paper", () => {
  const png = () => sharp({ create: { width: 40, height: 30, channels: 3, background: "#ffffff" } }).png().toBuffer();

  it("only while pending: a consent in force is not renewed by a photo (renewal is by code)", async () => {
    const { team, helper } = await teamWithHelper();
    const input = household();
    const { consentId } = await onboardHousehold(helper, team.id, input);
    await grantByCode(helper, consentId, input.phone);
    const [before] = await db().select().from(consents).where(eq(consents.id, consentId));
    const photo = await storeUploadedPhoto(helper.userId, await png());
    if (!photo.ok) throw new Error("photo not stored");
    const refused = (await rejection(confirmConsentByPaper(helper, consentId, photo.photo.id))) as DomainError;
    expect(refused).toMatchObject({ code: "errors.consent.paperOnlyPending", field: "photos" });
    const [after] = await db().select().from(consents).where(eq(consents.id, consentId));
    expect(after).toEqual(before);
  });

  it("the photo becomes the consent's: never usable for another household's consent, a farm or a listing", async () => {
    const { team, helper } = await teamWithHelper();
    const first = await onboardHousehold(helper, team.id, household({ method: "paper" }));
    const second = await onboardHousehold(helper, team.id, household({ method: "paper" }));
    const photo = await storeUploadedPhoto(helper.userId, await png());
    if (!photo.ok) throw new Error("photo not stored");
    await confirmConsentByPaper(helper, first.consentId, photo.photo.id);
    const [row] = await db().select({ paper: consents.paperPhotoId }).from(consents).where(eq(consents.id, first.consentId));
    expect(row.paper).toBe(photo.photo.id);
    const refused = (await rejection(confirmConsentByPaper(helper, second.consentId, photo.photo.id))) as DomainError;
    expect(refused).toMatchObject({ code: "errors.consent.paperPhoto", field: "photos" });
    expect(await farmRelation(helper.userId, second.farmId)).toBeNull();
    expect(await usablePhotos(helper.userId, [photo.photo.id], {})).toEqual([]);
    expect(await usablePhotos(helper.userId, [photo.photo.id], { farmId: first.farmId })).toEqual([]);
  });
});

describe("the same form posted twice in a row (a double tap without JavaScript) answers what the first did", () => {
  it("joining: the second post by the same person is their team; someone else is still refused", async () => {
    const { operator, team } = await teamWithHelper();
    const person = await createAccount(["consumer"]);
    const { token } = await inviteHelper(operator, team.id);
    expect(await joinTeam(as(person), token)).toEqual({ teamId: team.id });
    expect(await joinTeam(as(person), token)).toEqual({ teamId: team.id });
    const other = await createAccount(["consumer"]);
    expect(((await rejection(joinTeam(as(other), token))) as DomainError).code).toBe("errors.team.inviteUsed");
  });

  it("onboarding: the second post is the household the first created; another helper's or a withdrawn one is refused", async () => {
    const { team, helper, operator } = await teamWithHelper();
    const input = household();
    const first = await onboardHousehold(helper, team.id, input);
    expect(await onboardHousehold(helper, team.id, input)).toEqual(first);
    const [count] = await db().execute<{ n: number }>(sql`select count(*)::int n from consents where farm_id = ${first.farmId}`);
    expect(count.n).toBe(1);
    const colleague = await createAccount(["consumer"]);
    const { token } = await inviteHelper(operator, team.id);
    await joinTeam(as(colleague), token);
    const refused = (await rejection(onboardHousehold(as(colleague, ["helper"]), team.id, input))) as FieldErrors;
    expect(refused).toBeInstanceOf(FieldErrors);
    await withdrawConsent(operator, first.consentId);
    expect(await rejection(onboardHousehold(helper, team.id, input))).toBeInstanceOf(FieldErrors);
  });

  it("onboarding posted twice at once: one household, both answered with it", async () => {
    const { team, helper } = await teamWithHelper();
    const input = household();
    const [a, b] = await Promise.all([onboardHousehold(helper, team.id, input), onboardHousehold(helper, team.id, input)]);
    expect(a).toEqual(b);
  });

  it("confirming the code: the second post (the code now used) answers success, and does not renew", async () => {
    const { team, helper } = await teamWithHelper();
    const input = household();
    const { consentId } = await onboardHousehold(helper, team.id, input);
    await sendConsentCode(helper, consentId, esms);
    const code = await lastCodeFromImitation(edge.origin, input.phone);
    await confirmConsentByCode(helper, consentId, code);
    const [granted] = await db().select().from(consents).where(eq(consents.id, consentId));
    await confirmConsentByCode(helper, consentId, code);
    const [after] = await db().select().from(consents).where(eq(consents.id, consentId));
    expect(after).toEqual(granted);
    // Not any code: another is still told it is no longer valid.
    const other = code === "000000" ? "111111" : "000000";
    expect(((await rejection(confirmConsentByCode(helper, consentId, other))) as DomainError).code).toBe("errors.code.expired");
  });

  it("claiming: the second post with the same password signs in the household; another password does not", async () => {
    const { team, helper } = await teamWithHelper();
    const input = household();
    const { userId } = await onboardHousehold(helper, team.id, input);
    await requestClaimCode(input.phone, esms);
    const code = await lastCodeFromImitation(edge.origin, input.phone);
    expect(await claimAccount(input.phone, code, "mat-khau-cua-ho")).toEqual({ userId });
    expect(await claimAccount(input.phone, code, "mat-khau-cua-ho")).toEqual({ userId });
    expect(((await rejection(claimAccount(input.phone, code, "mat-khau-khac-1"))) as DomainError).code).toBe("errors.code.expired");
    const other = code === "000000" ? "111111" : "000000";
    expect(((await rejection(claimAccount(input.phone, other, "mat-khau-cua-ho"))) as DomainError).code).toBe("errors.code.expired");
  });
});
