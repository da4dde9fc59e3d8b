/**
 * Company accounts on real PostgreSQL: creating one, editing its details,
 * inviting by phone (sent through the console messaging adapter) and
 * accepting, members and owners, the approval threshold and delivery
 * addresses — each refused to a stranger (404) and to a member without the
 * right (403), with nothing changed.
 */
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditEvents, companies, companyAddresses, companyInvites, companyMembers, userRoles } from "../../db/schema";
import { as, createAccount, HANOI_ADDRESS } from "../../tests/factories";
import { consoleMessaging } from "~/messaging/console.server";
import { DomainError } from "~/policy/errors";
import { taxCodeCheckDigit } from "~/validation/company";
import {
  acceptInvite,
  addDeliveryAddress,
  changeMemberRole,
  companiesOf,
  companyForMember,
  companyInviteByToken,
  createCompany,
  inviteMember,
  removeMember,
  sendQueuedInvite,
  setApprovalThreshold,
  StaleCompanyEdit,
  updateCompany,
} from "./company.server";
import { FieldErrors } from "./errors";

/** The invitation-sending jobs queued for an invitation (pg-boss's table). */
async function inviteJobs(inviteId: number): Promise<{ inviteId: number; link: string }[]> {
  const rows = await db().execute<{ data: { inviteId: number; link: string } }>(
    sql`select data from pgboss.job where name = 'send-company-invite' and (data->>'inviteId')::int = ${inviteId}`,
  );
  return rows.map((r) => r.data);
}

let taxSequence = 0;
/** A distinct valid tax code for each company of the file. */
function nextTaxCode(): string {
  for (;;) {
    taxSequence += 1;
    const nine = `01${String(process.pid % 100).padStart(2, "0")}${String(taxSequence).padStart(5, "0")}`;
    const check = taxCodeCheckDigit(nine);
    if (check < 10) return `${nine}${check}`;
  }
}

function companyInput(overrides: Partial<{ name: string; taxCode: string }> = {}) {
  return { name: "Bếp ăn Trường Tiểu học Kim Liên", taxCode: nextTaxCode(), invoiceAddress: "Ngõ 4 Kim Liên, Hà Nội", invoiceEmail: "ketoan@truonghoc.vn", ...overrides };
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

const e164 = (phone: string) => `84${phone.slice(1)}`;

/** A company with its owner, and a buyer who joined by an invitation to their phone. */
async function companyWithBuyer() {
  const ownerAccount = await createAccount(["consumer"]);
  const owner = as(ownerAccount);
  const company = await createCompany(owner, companyInput());
  const buyerAccount = await createAccount(["consumer"]);
  const { token } = await inviteMember(owner, company.id, { identifier: { kind: "phone", value: e164(buyerAccount.phone) }, role: "buyer" });
  await acceptInvite(as(buyerAccount), token);
  return { company, owner, ownerAccount, buyer: as(buyerAccount), buyerAccount };
}

async function memberRows(companyId: number) {
  return db()
    .select({ userId: companyMembers.userId, role: companyMembers.role })
    .from(companyMembers)
    .where(eq(companyMembers.companyId, companyId))
    .orderBy(companyMembers.userId);
}

describe("members' roles", () => {
  it("lets an owner change a member's role (audited), refuses a buyer (403) and a stranger (404)", async () => {
    const { company, owner, buyer, buyerAccount } = await companyWithBuyer();
    await changeMemberRole(owner, company.id, buyerAccount.id, "approver");
    expect(await memberRows(company.id)).toContainEqual({ userId: buyerAccount.id, role: "approver" });
    const [event] = await db().select({ before: auditEvents.before, after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.action, "company.changeRole"), eq(auditEvents.subjectId, String(company.id))));
    expect(event).toEqual({ before: { userId: buyerAccount.id, role: "buyer" }, after: { userId: buyerAccount.id, role: "approver" } });
    expect((await rejection(changeMemberRole(buyer, company.id, buyerAccount.id, "owner"))).status).toBe(403);
    expect((await rejection(changeMemberRole(as(await createAccount(["consumer"])), company.id, buyerAccount.id, "owner"))).status).toBe(404);
    expect(await memberRows(company.id)).toContainEqual({ userId: buyerAccount.id, role: "approver" });
  });

  it("never demotes or removes the last owner; with two owners demoting each other at once, one owner stays", async () => {
    const { company, owner, ownerAccount, buyerAccount } = await companyWithBuyer();
    expect((await rejection(changeMemberRole(owner, company.id, ownerAccount.id, "buyer"))).code).toBe("errors.company.lastOwner");
    expect((await rejection(removeMember(owner, company.id, ownerAccount.id))).code).toBe("errors.company.lastOwner");
    await changeMemberRole(owner, company.id, buyerAccount.id, "owner");
    const results = await Promise.allSettled([
      changeMemberRole(owner, company.id, buyerAccount.id, "approver"),
      changeMemberRole(as(buyerAccount), company.id, ownerAccount.id, "approver"),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const owners = (await memberRows(company.id)).filter((m) => m.role === "owner");
    expect(owners).toHaveLength(1);
  });
});

describe("creating a company", () => {
  it("makes the creator its owner and a business buyer, and records it", async () => {
    const account = await createAccount(["consumer"]);
    const input = companyInput();
    const { id } = await createCompany(as(account), input);
    expect(await memberRows(id)).toEqual([{ userId: account.id, role: "owner" }]);
    const roles = await db().select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, account.id));
    expect(roles.map((r) => r.role).sort()).toEqual(["business", "consumer"]);
    expect(await companiesOf(account.id)).toEqual([{ id, name: input.name, taxCode: input.taxCode, role: "owner" }]);
    const events = await db().select({ action: auditEvents.action, actorId: auditEvents.actorId }).from(auditEvents).where(eq(auditEvents.subjectId, String(id)));
    expect(events).toContainEqual({ action: "company.create", actorId: account.id });
  });

  it("refuses a tax code already taken, on the field, and makes nothing", async () => {
    const first = await createAccount(["consumer"]);
    const input = companyInput();
    await createCompany(as(first), input);
    const second = await createAccount(["consumer"]);
    const error = await rejection(createCompany(as(second), { ...input, name: "Công ty khác" }));
    expect(error).toBeInstanceOf(FieldErrors);
    expect(error.toFormErrors().fieldErrors).toEqual({ taxCode: ["errors.taxCode.taken"] });
    expect(await companiesOf(second.id)).toEqual([]);
    expect(await db().select().from(companies).where(eq(companies.taxCode, input.taxCode))).toHaveLength(1);
  });
});

describe("editing the details", () => {
  it("saves an owner's edit and refuses a stale one, naming each field that differs with its value now", async () => {
    const { company, owner } = await companyWithBuyer();
    await updateCompany(owner, company.id, { name: "Bếp ăn Kim Liên", invoiceAddress: "Số 1 Kim Liên", invoiceEmail: "hd@kimlien.vn", version: 1 });
    const stale = await rejection(updateCompany(owner, company.id, { name: "Cũ", invoiceAddress: "Số 2 Kim Liên", invoiceEmail: "hd@kimlien.vn", version: 1 }));
    expect(stale).toBeInstanceOf(StaleCompanyEdit);
    expect((stale as StaleCompanyEdit).version).toBe(2);
    expect(stale.toFormErrors().fieldErrors).toEqual({
      name: ["errors.company.changedTo|Bếp ăn Kim Liên"],
      invoiceAddress: ["errors.company.changedTo|Số 1 Kim Liên"],
    });
    const [row] = await db().select({ name: companies.name, version: companies.version }).from(companies).where(eq(companies.id, company.id));
    expect(row).toEqual({ name: "Bếp ăn Kim Liên", version: 2 });
    // The same form posted twice (a double submit): it holds what the company holds, so it is done, nothing more.
    await updateCompany(owner, company.id, { name: "Bếp ăn Kim Liên", invoiceAddress: "Số 1 Kim Liên", invoiceEmail: "hd@kimlien.vn", version: 1 });
    // The form back at version 2 saves deliberately.
    await updateCompany(owner, company.id, { name: "Cũ", invoiceAddress: "Số 2 Kim Liên", invoiceEmail: "hd@kimlien.vn", version: 2 });
    const [now] = await db().select({ name: companies.name, version: companies.version }).from(companies).where(eq(companies.id, company.id));
    expect(now).toEqual({ name: "Cũ", version: 3 });
  });

  it("refuses a buyer (403) and a stranger (404), changing nothing", async () => {
    const { company, buyer } = await companyWithBuyer();
    const stranger = as(await createAccount(["consumer"]));
    const edit = { name: "Đổi tên", invoiceAddress: "Số 9 Kim Liên", invoiceEmail: "x@y.vn", version: 1 };
    expect((await rejection(updateCompany(buyer, company.id, edit))).status).toBe(403);
    expect((await rejection(updateCompany(stranger, company.id, edit))).status).toBe(404);
    const [row] = await db().select({ name: companies.name, version: companies.version }).from(companies).where(eq(companies.id, company.id));
    expect(row).toEqual({ name: "Bếp ăn Trường Tiểu học Kim Liên", version: 1 });
  });
});

describe("invitations", () => {
  it("queues sending the link in the invitation's transaction; the job texts it to the phone invited; only its hash is stored; that person joins with the role", async () => {
    const ownerAccount = await createAccount(["consumer"]);
    const owner = as(ownerAccount);
    const company = await createCompany(owner, companyInput());
    const invitee = await createAccount(["consumer"]);
    const port = consoleMessaging(() => {});
    const { token, queued } = await inviteMember(
      owner,
      company.id,
      { identifier: { kind: "phone", value: e164(invitee.phone) }, role: "approver" },
      { origin: "https://nongsanso.test" },
    );
    expect(queued).toBe(true);
    // Nothing is sent by the command itself: a job waits, which the worker does.
    expect(port.lastMessageTo(e164(invitee.phone))).toBeUndefined();
    const [invite] = await db().select({ id: companyInvites.id }).from(companyInvites).where(eq(companyInvites.companyId, company.id));
    const jobs = await inviteJobs(invite.id);
    expect(jobs).toEqual([{ inviteId: invite.id, link: `https://nongsanso.test/business/join/${token}` }]);
    expect(await sendQueuedInvite(jobs[0], port)).toBe("sent");
    expect(port.lastMessageTo(e164(invitee.phone))?.text).toContain(`https://nongsanso.test/business/join/${token}`);
    const stored = await db().select({ tokenHash: companyInvites.tokenHash }).from(companyInvites).where(eq(companyInvites.companyId, company.id));
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(token);
    expect(await companyInviteByToken(token)).toMatchObject({ companyId: company.id, role: "approver", state: "open" });

    await acceptInvite(as(invitee), token);
    expect(await memberRows(company.id)).toContainEqual({ userId: invitee.id, role: "approver" });
    expect(await companyInviteByToken(token)).toMatchObject({ state: "used" });
  });

  it("queues nothing when the invitation rolls back, even after its job was queued (a commit that fails)", async () => {
    const owner = as(await createAccount(["consumer"]));
    const company = await createCompany(owner, companyInput());
    const invitee = await createAccount(["consumer"]);
    // PostgreSQL refuses the commit itself (a deferred check): the invitation and its job go together.
    await db().execute(sql`create function refuse_invite_commit() returns trigger language plpgsql as $$ begin raise exception 'commit refused'; end $$`);
    await db().execute(
      sql`create constraint trigger refuse_invite_commit after insert on company_invites deferrable initially deferred for each row execute function refuse_invite_commit()`,
    );
    const before = await db().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'send-company-invite'`);
    try {
      const refused = inviteMember(owner, company.id, { identifier: { kind: "phone", value: e164(invitee.phone) }, role: "buyer" }, { origin: "https://nongsanso.test" });
      await expect(refused).rejects.toThrow(/commit refused/);
    } finally {
      await db().execute(sql`drop trigger refuse_invite_commit on company_invites`);
      await db().execute(sql`drop function refuse_invite_commit()`);
    }
    const after = await db().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'send-company-invite'`);
    expect(after[0].n).toBe(before[0].n);
    expect(await db().select().from(companyInvites).where(eq(companyInvites.companyId, company.id))).toEqual([]);
  });

  it("skips the job of an invitation used meanwhile", async () => {
    const owner = as(await createAccount(["consumer"]));
    const company = await createCompany(owner, companyInput());
    const invitee = await createAccount(["consumer"]);
    const port = consoleMessaging(() => {});
    const { token } = await inviteMember(owner, company.id, { identifier: { kind: "phone", value: e164(invitee.phone) }, role: "buyer" }, { origin: "https://nongsanso.test" });
    await acceptInvite(as(invitee), token);
    const [invite] = await db().select({ id: companyInvites.id }).from(companyInvites).where(eq(companyInvites.companyId, company.id));
    const [job] = await inviteJobs(invite.id);
    expect(await sendQueuedInvite(job, port)).toBe("skipped");
    expect(port.lastMessageTo(e164(invitee.phone))).toBeUndefined();
  });

  it("refuses someone whose phone or email is not the invitation's, and leaves the link unused", async () => {
    const owner = as(await createAccount(["consumer"]));
    const company = await createCompany(owner, companyInput());
    const invitee = await createAccount(["consumer"]);
    const other = await createAccount(["consumer"]);
    const { token } = await inviteMember(owner, company.id, { identifier: { kind: "phone", value: e164(invitee.phone) }, role: "buyer" });
    const error = await rejection(acceptInvite(as(other), token));
    expect([error.status, error.code]).toEqual([403, "errors.companyInvite.notYours"]);
    expect(await memberRows(company.id)).toHaveLength(1);
    expect(await companyInviteByToken(token)).toMatchObject({ state: "open" });
  });

  it("makes one membership when the link is used twice at once, and refuses it afterwards to anyone else", async () => {
    // Several rounds: each a fresh invitation accepted by two requests racing.
    for (let round = 0; round < 6; round += 1) {
      const owner = as(await createAccount(["consumer"]));
      const company = await createCompany(owner, companyInput());
      const invitee = await createAccount(["consumer"]);
      const { token } = await inviteMember(owner, company.id, { identifier: { kind: "phone", value: e164(invitee.phone) }, role: "buyer" });
      const results = await Promise.allSettled([acceptInvite(as(invitee), token), acceptInvite(as(invitee), token)]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
      expect((await memberRows(company.id)).filter((m) => m.userId === invitee.id)).toEqual([{ userId: invitee.id, role: "buyer" }]);
      const joins = await db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "company.join"), eq(auditEvents.subjectId, String(company.id))));
      expect(joins).toHaveLength(1);
      if (round === 0) expect((await rejection(acceptInvite(as(await createAccount(["consumer"])), token))).code).toBe("errors.companyInvite.used");
    }
  });

  it("refuses an expired link and an unknown one", async () => {
    const owner = as(await createAccount(["consumer"]));
    const company = await createCompany(owner, companyInput());
    const invitee = await createAccount(["consumer"]);
    const { token } = await inviteMember(owner, company.id, { identifier: { kind: "phone", value: e164(invitee.phone) }, role: "buyer" });
    await db().update(companyInvites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(companyInvites.companyId, company.id));
    expect((await rejection(acceptInvite(as(invitee), token))).code).toBe("errors.companyInvite.expired");
    expect((await rejection(acceptInvite(as(invitee), "x".repeat(43)))).code).toBe("errors.companyInvite.unknown");
    expect((await rejection(acceptInvite(as(invitee), "../../etc"))).code).toBe("errors.companyInvite.unknown");
    expect(await memberRows(company.id)).toHaveLength(1);
  });

  it("refuses an invitation by a buyer (403) or a stranger (404), making none", async () => {
    const { company, buyer } = await companyWithBuyer();
    const stranger = as(await createAccount(["consumer"]));
    const input = { identifier: { kind: "email" as const, value: "ai.do@vidu.vn" }, role: "owner" as const };
    expect((await rejection(inviteMember(buyer, company.id, input))).status).toBe(403);
    expect((await rejection(inviteMember(stranger, company.id, input))).status).toBe(404);
    const invites = await db().select().from(companyInvites).where(eq(companyInvites.companyId, company.id));
    expect(invites).toHaveLength(1); // the buyer's own, used
  });
});

describe("members", () => {
  it("lets an owner remove a buyer, never the last owner", async () => {
    const { company, owner, ownerAccount, buyerAccount, buyer } = await companyWithBuyer();
    expect((await rejection(removeMember(buyer, company.id, ownerAccount.id))).status).toBe(403);
    const last = await rejection(removeMember(owner, company.id, ownerAccount.id));
    expect([last.kind, last.code]).toEqual(["conflict", "errors.company.lastOwner"]);
    await removeMember(owner, company.id, buyerAccount.id);
    expect(await memberRows(company.id)).toEqual([{ userId: ownerAccount.id, role: "owner" }]);
    // The removed buyer sees the company no more.
    expect((await rejection(companyForMember(buyer, company.id))).status).toBe(404);
  });

  it("keeps one owner when two owners remove each other at once", async () => {
    // Several rounds: each a fresh pair of owners racing.
    for (let round = 0; round < 8; round += 1) {
      const first = await createAccount(["consumer"]);
      const company = await createCompany(as(first), companyInput());
      const second = await createAccount(["consumer"]);
      const { token } = await inviteMember(as(first), company.id, { identifier: { kind: "phone", value: e164(second.phone) }, role: "owner" });
      await acceptInvite(as(second), token);
      const results = await Promise.allSettled([removeMember(as(first), company.id, second.id), removeMember(as(second), company.id, first.id)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const owners = (await memberRows(company.id)).filter((m) => m.role === "owner");
      expect(owners).toHaveLength(1);
    }
  });
});

describe("threshold and delivery addresses", () => {
  it("sets and clears the approval threshold (owners only)", async () => {
    const { company, owner, buyer } = await companyWithBuyer();
    await setApprovalThreshold(owner, company.id, 5_000_000);
    expect((await rejection(setApprovalThreshold(buyer, company.id, null))).status).toBe(403);
    const read = async () => (await db().select({ t: companies.approvalThresholdVnd }).from(companies).where(eq(companies.id, company.id)))[0].t;
    expect(await read()).toBe(5_000_000);
    await setApprovalThreshold(owner, company.id, null);
    expect(await read()).toBeNull();
  });

  it("adds a delivery address in a commune of its province, and names the field otherwise", async () => {
    const { company, owner, buyer } = await companyWithBuyer();
    const address = { label: "Bếp trường", ...HANOI_ADDRESS };
    await addDeliveryAddress(owner, company.id, address);
    const wrong = await rejection(addDeliveryAddress(owner, company.id, { ...address, provinceCode: "68" }));
    expect(wrong.toFormErrors().fieldErrors).toEqual({ communeCode: ["errors.commune.notInProvince"] });
    expect((await rejection(addDeliveryAddress(buyer, company.id, address))).status).toBe(403);
    expect(await db().select().from(companyAddresses).where(eq(companyAddresses.companyId, company.id))).toHaveLength(1);
    const page = await companyForMember(buyer, company.id);
    expect(page.addresses.map((a) => a.label)).toEqual(["Bếp trường"]);
  });
});

describe("the company page's data", () => {
  it("shows members to members, open invitations to owners only, nothing to a stranger", async () => {
    const { company, owner, buyer } = await companyWithBuyer();
    await inviteMember(owner, company.id, { identifier: { kind: "email", value: "duyet@kimlien.vn" }, role: "approver" });
    const asOwner = await companyForMember(owner, company.id);
    expect(asOwner.members.map((m) => m.role)).toEqual(["owner", "buyer"]);
    expect(asOwner.invites.map((i) => i.identifier)).toEqual(["duyet@kimlien.vn"]);
    const asBuyer = await companyForMember(buyer, company.id);
    expect([asBuyer.role, asBuyer.invites]).toEqual(["buyer", []]);
    expect((await rejection(companyForMember(as(await createAccount(["consumer"])), company.id))).status).toBe(404);
    expect((await rejection(companyForMember(null, company.id))).status).toBe(404);
  });
});
