/**
 * Company accounts (issue 12, decision 029): a business that buys, its
 * people and what each may do. Invariants:
 * - every command takes an Actor, asks the policy inside its transaction
 *   (authorizeCompany: a stranger gets not_found, a member without the
 *   right forbidden) and writes its audit event there;
 * - the tax code is unique: a second company with it is refused on the
 *   field taxCode;
 * - the creator is the first owner and gets the role 'business'; a company
 *   always keeps an owner (the company row is locked while members change);
 * - an invitation is for one phone or email: a link with a random token of
 *   which only the SHA-256 is stored, 7 days, used once (the row is locked
 *   while used), and only by the person with that phone or email;
 * - edits of the details carry the version the form was opened at (decision 016).
 */
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { communes, companies, companyAddresses, companyInvites, companyMembers, farms, orders, provinces, userRoles, users } from "../../db/schema";
import type { MessagingPort } from "~/messaging/port";
import { messaging } from "~/messaging/index.server";
import { enqueue } from "~/effects.server";
import { audit } from "~/policy/audit.server";
import { authorizeCompany } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import { can, type Actor, type CompanyRole } from "~/policy/policy";
import { csvFile } from "~/utils/csv";
import { sendMail } from "~/utils/mailer.server";
import type { CompanyAddressInput, CompanyInput, CompanyUpdateInput, InviteMemberInput } from "~/validation/company";
import { FieldErrors } from "./errors";
import type { OrderStatus } from "./orders/moves.server";
import { checkAddress } from "./place.server";
import { hashInviteToken } from "./team.server";

export const COMPANY_INVITE_DAYS = 7;

const TOKEN_SHAPE = /^[\w-]{20,100}$/;

/** Makes a company; its creator is its owner (and a business buyer from now on). */
export async function createCompany(actor: Actor, input: CompanyInput): Promise<{ id: number }> {
  return db().transaction(async (tx) => {
    const [company] = await tx
      .insert(companies)
      .values({ name: input.name, taxCode: input.taxCode, invoiceAddress: input.invoiceAddress, invoiceEmail: input.invoiceEmail, createdBy: actor.userId })
      .onConflictDoNothing({ target: companies.taxCode })
      .returning({ id: companies.id });
    if (!company) throw new FieldErrors({ taxCode: ["errors.taxCode.taken"] });
    await tx.insert(companyMembers).values({ companyId: company.id, userId: actor.userId, role: "owner", addedBy: actor.userId });
    await tx.insert(userRoles).values({ userId: actor.userId, role: "business" }).onConflictDoNothing();
    await audit(tx, actor, { action: "company.create", subject: { type: "company", id: company.id }, after: input });
    return company;
  });
}

/** Fields of the details form that differ from the company now: beside each, its value now (decision 033, as farms do in 016). */
export class StaleCompanyEdit extends FieldErrors {
  constructor(
    fieldErrors: Record<string, string[]>,
    /** The version the values now belong to: the form comes back with it, so the next save is deliberate. */
    readonly version: number,
  ) {
    super(fieldErrors);
  }
}

/**
 * The company's name and invoice details (owners), against the version the
 * form was opened at. A stale form that holds what the company holds now (a
 * double submit) is saved as a no-op; one that differs is refused with the
 * value now beside each field that differs. The tax code never changes: it
 * is the company (another code is another company account, decision 033).
 */
export async function updateCompany(actor: Actor, companyId: number, input: CompanyUpdateInput): Promise<void> {
  await db().transaction(async (tx) => {
    await authorizeCompany(actor, "company.manage", companyId, tx);
    const [before] = await tx
      .select({ name: companies.name, invoiceAddress: companies.invoiceAddress, invoiceEmail: companies.invoiceEmail, version: companies.version })
      .from(companies)
      .where(eq(companies.id, companyId))
      .for("update");
    if (!before) throw notFound();
    if (before.version !== input.version) {
      const differing = (["name", "invoiceAddress", "invoiceEmail"] as const).filter((field) => before[field] !== input[field]);
      if (!differing.length) return;
      throw new StaleCompanyEdit(Object.fromEntries(differing.map((field) => [field, [`errors.company.changedTo|${before[field]}`]])), before.version);
    }
    const after = { name: input.name, invoiceAddress: input.invoiceAddress, invoiceEmail: input.invoiceEmail };
    await tx
      .update(companies)
      .set({ ...after, version: sql`${companies.version} + 1` })
      .where(eq(companies.id, companyId));
    await audit(tx, actor, { action: "company.update", subject: { type: "company", id: companyId }, before, after });
  });
}

export type InviteDelivery = { origin: string };

/**
 * An invitation for one phone or email (owners): the link's token, shown
 * once, stored only as its hash; 7 days, once. With a delivery, sending the
 * link to that email, or by text to that phone, is queued as a job in the
 * same transaction (decision 033: a rolled-back invitation sends nothing, a
 * committed one is sent even after a crash); `queued` says so. A failed send
 * is retried by the job; the invitation stands (the owner has the link).
 */
export async function inviteMember(
  actor: Actor,
  companyId: number,
  input: InviteMemberInput,
  delivery: InviteDelivery | null = null,
): Promise<{ token: string; expiresAt: Date; queued: boolean }> {
  const token = randomBytes(32).toString("base64url");
  const { expiresAt } = await db().transaction(async (tx) => {
    await authorizeCompany(actor, "company.manage", companyId, tx);
    const [company] = await tx.select({ name: companies.name }).from(companies).where(eq(companies.id, companyId));
    const [invite] = await tx
      .insert(companyInvites)
      .values({
        companyId,
        identifier: input.identifier.value,
        role: input.role,
        tokenHash: hashInviteToken(token),
        createdBy: actor.userId,
        expiresAt: sql`now() + make_interval(days => ${COMPANY_INVITE_DAYS})`,
      })
      .returning({ id: companyInvites.id, expiresAt: companyInvites.expiresAt });
    await audit(tx, actor, {
      action: "company.invite",
      subject: { type: "company", id: companyId },
      after: { inviteId: invite.id, identifier: input.identifier.value, role: input.role, expiresAt: invite.expiresAt },
    });
    if (delivery && company) await enqueue(tx, "send-company-invite", { inviteId: invite.id, link: `${delivery.origin}/business/join/${token}` });
    return { expiresAt: invite.expiresAt };
  });
  return { token, expiresAt, queued: delivery !== null };
}

/**
 * The job's work (app/jobs.server.ts): sends an invitation's link to its
 * email or, by text, to its phone, unless it was used or expired meanwhile.
 * Throws when the send fails, for the job to be tried again; the text carries
 * a request id, so a provider that knows it does not send it twice.
 */
export async function sendQueuedInvite(job: { inviteId: number; link: string }, port: MessagingPort = messaging()): Promise<"sent" | "skipped"> {
  const [invite] = await db()
    .select({ identifier: companyInvites.identifier, companyName: companies.name, open: sql<boolean>`${companyInvites.usedAt} is null and ${companyInvites.expiresAt} > now()` })
    .from(companyInvites)
    .innerJoin(companies, eq(companies.id, companyInvites.companyId))
    .where(eq(companyInvites.id, job.inviteId));
  if (!invite?.open) return "skipped";
  const text = `${invite.companyName} mời bạn tham gia tài khoản công ty trên Nông Sản Số. Mở liên kết (dùng trong 7 ngày): ${job.link}`;
  if (invite.identifier.includes("@")) {
    return (await sendMail({ to: invite.identifier, subject: `Lời mời tham gia ${invite.companyName}`, text })) ? "sent" : "skipped";
  }
  await port.send({ to: invite.identifier, text, purpose: "company-invite", requestId: `company-invite-${job.inviteId}` });
  return "sent";
}

export type CompanyInviteView = { companyId: number; companyName: string; role: CompanyRole; state: "open" | "used" | "expired" };

/** What an invitation link leads to (the join page), or null for a token that is no invitation. */
export async function companyInviteByToken(token: string): Promise<CompanyInviteView | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [row] = await db()
    .select({
      companyId: companies.id,
      companyName: companies.name,
      role: companyInvites.role,
      used: sql<boolean>`${companyInvites.usedAt} is not null`,
      expired: sql<boolean>`${companyInvites.expiresAt} <= now()`,
    })
    .from(companyInvites)
    .innerJoin(companies, eq(companies.id, companyInvites.companyId))
    .where(eq(companyInvites.tokenHash, hashInviteToken(token)));
  if (!row) return null;
  return { companyId: row.companyId, companyName: row.companyName, role: row.role, state: row.used ? "used" : row.expired ? "expired" : "open" };
}

/**
 * The signed-in person joins the invitation's company with its role, when
 * the invitation is for their phone or email. An unknown, used, expired or
 * someone else's link is refused with why; someone already a member keeps
 * their role.
 */
export async function acceptInvite(actor: Actor, token: string): Promise<{ companyId: number }> {
  if (!TOKEN_SHAPE.test(token)) throw new DomainError("not_found", "errors.companyInvite.unknown");
  return db().transaction(async (tx) => {
    const [invite] = await tx
      .select({
        id: companyInvites.id,
        companyId: companyInvites.companyId,
        identifier: companyInvites.identifier,
        role: companyInvites.role,
        usedAt: companyInvites.usedAt,
        usedBy: companyInvites.usedBy,
        expired: sql<boolean>`${companyInvites.expiresAt} <= now()`,
      })
      .from(companyInvites)
      .where(eq(companyInvites.tokenHash, hashInviteToken(token)))
      .for("update");
    if (!invite) throw new DomainError("not_found", "errors.companyInvite.unknown");
    // The same person posting twice (a double tap without JavaScript): they joined; say so.
    if (invite.usedAt && invite.usedBy === actor.userId) return { companyId: invite.companyId };
    if (invite.usedAt) throw new DomainError("conflict", "errors.companyInvite.used");
    if (invite.expired) throw new DomainError("conflict", "errors.companyInvite.expired");
    const [person] = await tx.select({ phone: users.phone, email: users.email }).from(users).where(eq(users.id, actor.userId));
    if (!person || (person.phone !== invite.identifier && person.email !== invite.identifier)) {
      throw new DomainError("forbidden", "errors.companyInvite.notYours");
    }
    await tx.update(companyInvites).set({ usedBy: actor.userId, usedAt: sql`now()` }).where(eq(companyInvites.id, invite.id));
    await tx
      .insert(companyMembers)
      .values({ companyId: invite.companyId, userId: actor.userId, role: invite.role, addedBy: actor.userId })
      .onConflictDoNothing();
    await tx.insert(userRoles).values({ userId: actor.userId, role: "business" }).onConflictDoNothing();
    await audit(tx, actor, { action: "company.join", subject: { type: "company", id: invite.companyId }, after: { userId: actor.userId, role: invite.role, inviteId: invite.id } });
    return { companyId: invite.companyId };
  });
}

/**
 * Locks the company row: changes to its members (and its owners' count) are made one at a time.
 * FOR NO KEY UPDATE, not FOR UPDATE: a checkout holds its buyer's member row FOR SHARE, then inserts
 * orders whose foreign key takes KEY SHARE on this row; FOR UPDATE would block that insert while the
 * member update waits for the checkout — a deadlock. The company's key never changes here.
 */
async function lockCompany(tx: Executor, companyId: number): Promise<void> {
  const [row] = await tx.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId)).for("no key update");
  if (!row) throw notFound();
}

/** Removes a member (owners); the last owner stays. */
export async function removeMember(actor: Actor, companyId: number, userId: number): Promise<void> {
  await db().transaction(async (tx) => {
    await authorizeCompany(actor, "company.manage", companyId, tx);
    await lockCompany(tx, companyId);
    const [member] = await tx
      .select({ role: companyMembers.role })
      .from(companyMembers)
      .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)));
    if (!member) throw notFound();
    if (member.role === "owner") {
      const [{ owners }] = await tx
        .select({ owners: sql<number>`count(*)::int` })
        .from(companyMembers)
        .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.role, "owner")));
      if (owners <= 1) throw new DomainError("conflict", "errors.company.lastOwner");
    }
    await tx.delete(companyMembers).where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)));
    await audit(tx, actor, { action: "company.removeMember", subject: { type: "company", id: companyId }, before: { userId, role: member.role } });
  });
}

/** Changes a member's role (owners); the last owner keeps the role (the company row locked, as removals do). */
export async function changeMemberRole(actor: Actor, companyId: number, userId: number, role: CompanyRole): Promise<void> {
  await db().transaction(async (tx) => {
    await authorizeCompany(actor, "company.manage", companyId, tx);
    await lockCompany(tx, companyId);
    const [member] = await tx
      .select({ role: companyMembers.role })
      .from(companyMembers)
      .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)));
    if (!member) throw notFound();
    if (member.role === role) return;
    if (member.role === "owner") {
      const [{ owners }] = await tx
        .select({ owners: sql<number>`count(*)::int` })
        .from(companyMembers)
        .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.role, "owner")));
      if (owners <= 1) throw new DomainError("conflict", "errors.company.lastOwner", { field: "role" });
    }
    await tx.update(companyMembers).set({ role }).where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)));
    await audit(tx, actor, { action: "company.changeRole", subject: { type: "company", id: companyId }, before: { userId, role: member.role }, after: { userId, role } });
  });
}

/** The amount above which an order waits for an approver (owners); null: none waits. */
export async function setApprovalThreshold(actor: Actor, companyId: number, thresholdVnd: number | null): Promise<void> {
  await db().transaction(async (tx) => {
    await authorizeCompany(actor, "company.manage", companyId, tx);
    const [before] = await tx
      .select({ thresholdVnd: companies.approvalThresholdVnd })
      .from(companies)
      .where(eq(companies.id, companyId))
      .for("update");
    await tx.update(companies).set({ approvalThresholdVnd: thresholdVnd }).where(eq(companies.id, companyId));
    await audit(tx, actor, { action: "company.threshold", subject: { type: "company", id: companyId }, before, after: { thresholdVnd } });
  });
}

/** A delivery address of the company (owners), its commune checked against the 2025 list like checkout's. */
export async function addDeliveryAddress(actor: Actor, companyId: number, input: CompanyAddressInput): Promise<{ id: number }> {
  return db().transaction(async (tx) => {
    await authorizeCompany(actor, "company.manage", companyId, tx);
    const addressErrors = await checkAddress(input.provinceCode, input.communeCode);
    if (Object.keys(addressErrors).length) throw new FieldErrors(addressErrors);
    const [address] = await tx
      .insert(companyAddresses)
      .values({ companyId, ...input })
      .returning({ id: companyAddresses.id });
    await audit(tx, actor, { action: "company.addAddress", subject: { type: "company", id: companyId }, after: { addressId: address.id, ...input } });
    return address;
  });
}

export type CompanySummary = { id: number; name: string; taxCode: string; role: CompanyRole };

/** The companies the person belongs to, with their part in each. */
export async function companiesOf(userId: number): Promise<CompanySummary[]> {
  return db()
    .select({ id: companies.id, name: companies.name, taxCode: companies.taxCode, role: companyMembers.role })
    .from(companyMembers)
    .innerJoin(companies, eq(companies.id, companyMembers.companyId))
    .where(eq(companyMembers.userId, userId))
    .orderBy(asc(companies.name), asc(companies.id));
}

/** The companies the person may buy for (company.buy): checkout's "Buy for" choices. */
export async function companiesToBuyFor(userId: number): Promise<CompanySummary[]> {
  const actor: Actor = { userId, roles: [], actingForFarmId: null };
  return (await companiesOf(userId)).filter((c) => can(actor, "company.buy", { kind: "company", role: c.role }));
}

export type CompanyPage = {
  id: number;
  name: string;
  taxCode: string;
  invoiceAddress: string;
  invoiceEmail: string;
  approvalThresholdVnd: number | null;
  version: number;
  role: CompanyRole;
  members: { userId: number; displayName: string; role: CompanyRole }[];
  /** Open invitations (owners only; empty for other members). */
  invites: { id: number; identifier: string; role: CompanyRole; expiresAt: Date }[];
  addresses: { id: number; label: string; recipient: string; phone: string; street: string; communeName: string; provinceName: string }[];
};

/** The company as its member sees it; not_found to anyone else. */
export async function companyForMember(actor: Actor | null, companyId: number): Promise<CompanyPage> {
  const role = await authorizeCompany(actor, "company.view", companyId);
  const [company] = await db()
    .select({
      id: companies.id,
      name: companies.name,
      taxCode: companies.taxCode,
      invoiceAddress: companies.invoiceAddress,
      invoiceEmail: companies.invoiceEmail,
      approvalThresholdVnd: companies.approvalThresholdVnd,
      version: companies.version,
    })
    .from(companies)
    .where(eq(companies.id, companyId));
  if (!company) throw notFound();
  const members = await db()
    .select({ userId: companyMembers.userId, displayName: users.displayName, role: companyMembers.role })
    .from(companyMembers)
    .innerJoin(users, eq(users.id, companyMembers.userId))
    .where(eq(companyMembers.companyId, companyId))
    .orderBy(asc(companyMembers.createdAt), asc(companyMembers.userId));
  const invites =
    role === "owner"
      ? await db()
          .select({ id: companyInvites.id, identifier: companyInvites.identifier, role: companyInvites.role, expiresAt: companyInvites.expiresAt })
          .from(companyInvites)
          .where(and(eq(companyInvites.companyId, companyId), isNull(companyInvites.usedAt), sql`${companyInvites.expiresAt} > now()`))
          .orderBy(desc(companyInvites.createdAt))
      : [];
  const addresses = await db()
    .select({
      id: companyAddresses.id,
      label: companyAddresses.label,
      recipient: companyAddresses.recipient,
      phone: companyAddresses.phone,
      street: companyAddresses.street,
      communeName: communes.name,
      provinceName: provinces.name,
    })
    .from(companyAddresses)
    .innerJoin(communes, eq(communes.code, companyAddresses.communeCode))
    .innerJoin(provinces, eq(provinces.code, companyAddresses.provinceCode))
    .where(eq(companyAddresses.companyId, companyId))
    .orderBy(asc(companyAddresses.id));
  return { ...company, role, members, invites, addresses };
}

export type CompanyOrderRow = {
  id: number;
  number: string;
  poNumber: string | null;
  farmName: string;
  status: OrderStatus;
  totalVnd: number;
  placedBy: string;
  createdAt: Date;
};

/** The company's orders, newest first, for its members (company.view); not_found to anyone else. */
export async function companyOrders(actor: Actor | null, companyId: number, limit = 1000): Promise<CompanyOrderRow[]> {
  await authorizeCompany(actor, "company.view", companyId);
  return db()
    .select({
      id: orders.id,
      number: orders.number,
      poNumber: orders.poNumber,
      farmName: farms.name,
      status: orders.status,
      totalVnd: orders.totalVnd,
      placedBy: users.displayName,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .innerJoin(users, eq(users.id, orders.buyerId))
    .where(eq(orders.companyId, companyId))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
}

/**
 * The orders as a CSV file for a spreadsheet: UTF-8 with a byte-order mark
 * (so Excel reads Vietnamese), CRLF line ends, a header row, amounts in whole
 * đồng without separators, dates as YYYY-MM-DD HH:MM in Vietnam's time. A
 * cell that would start a formula (= + - @) is prefixed with an apostrophe (app/utils/csv.ts).
 */
export function companyOrdersCsv(rows: CompanyOrderRow[], labels: { header: string[]; status: (status: OrderStatus) => string }): string {
  const vietnamTime = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
  return csvFile([
    labels.header,
    ...rows.map((r) => [r.number, r.poNumber ?? "", r.farmName, labels.status(r.status), String(r.totalVnd), r.placedBy, vietnamTime(r.createdAt)]),
  ]);
}
