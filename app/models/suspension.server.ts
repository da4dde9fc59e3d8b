/**
 * Suspending and restoring accounts (issue 13, decision 037). Invariants:
 * - only those the policy lets control accounts ("ops.accounts") find,
 *   suspend or restore one, asked inside the command's transaction; nobody
 *   suspends themselves, a moderator never suspends an administrator, and
 *   the last administrator in good standing is never suspended (the
 *   administrators' rows are locked, so two suspensions at once cannot
 *   leave none);
 * - a suspension, in one transaction: ends every session of the person
 *   (getSessionUser also refuses a suspended person, so no request slips
 *   through), takes their farm's listings out of search (through the
 *   outbox; the listings' rows are locked first, so a checkout of them
 *   either committed before — its orders are then treated below — or is
 *   refused after); declines their farm's unpaid placed orders (stock back,
 *   the buyers told); cancels their own unpaid placed orders as a buyer
 *   (stock back, the farms told); expires company purchases of either side
 *   still awaiting approval (stock back once, the buyer told) and empties
 *   their cart. Paid placed orders (no money moved by a suspension) and
 *   orders the farm already accepted (or packed, shipped, delivered) stay,
 *   for the operator to follow up: suspendedAccountOrders lists them;
 * - restoring brings the farm's listings back, except those a moderator hid;
 * - both are audited with before → after, and the person is told (an email
 *   when they have an address).
 */
import { and, asc, eq, ilike, inArray, isNotNull, notInArray, or, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { cartItems, farms, listings, notifications, orders, sessions, userRoles, users } from "../../db/schema";
import { enqueueEffects } from "~/effects.server";
import { audit } from "~/policy/audit.server";
import { authorizePlatform } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { recordSearchChange } from "~/search/outbox.server";
import { parseIdentifier, type Role } from "~/validation/auth";
import { applyMove, lockOrders, moveAllowed } from "./orders/moves.server";

export type AccountRow = {
  id: number;
  displayName: string;
  phone: string | null;
  email: string | null;
  roles: Role[];
  farmName: string | null;
  suspended: { at: Date; reason: string } | null;
};

const accountColumns = {
  id: users.id,
  displayName: users.displayName,
  phone: users.phone,
  email: users.email,
  suspendedAt: users.suspendedAt,
  suspendedReason: users.suspendedReason,
  farmName: farms.name,
  roles: sql<Role[]>`coalesce((select array_agg(ur.role::text order by ur.role) from user_roles ur where ur.user_id = ${users.id}), '{}')`,
};

function toAccount(r: { id: number; displayName: string; phone: string | null; email: string | null; suspendedAt: Date | null; suspendedReason: string | null; farmName: string | null; roles: Role[] }): AccountRow {
  return {
    id: r.id,
    displayName: r.displayName,
    phone: r.phone,
    email: r.email,
    roles: r.roles,
    farmName: r.farmName,
    suspended: r.suspendedAt ? { at: r.suspendedAt, reason: r.suspendedReason ?? "" } : null,
  };
}

/**
 * Accounts matching a phone number (as people write it: 0912…, +84912…),
 * an email address or part of a name; with an empty query, the suspended
 * ones. At most 20.
 */
export async function findAccounts(actor: Actor, query: string): Promise<AccountRow[]> {
  authorizePlatform(actor, "ops.accounts");
  const q = query.trim();
  let where;
  if (q === "") where = isNotNull(users.suspendedAt);
  else {
    const identifier = parseIdentifier(q);
    const digits = q.replace(/\D/g, "");
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where = or(
      identifier?.kind === "phone" ? eq(users.phone, identifier.value) : undefined,
      identifier?.kind === "email" ? eq(users.email, identifier.value) : undefined,
      digits.length >= 4 ? ilike(users.phone, `%${digits.replace(/^0/, "")}%`) : undefined,
      ilike(users.email, like),
      ilike(users.displayName, like),
    );
  }
  const rows = await db()
    .select(accountColumns)
    .from(users)
    .leftJoin(farms, eq(farms.ownerId, users.id))
    .where(where)
    .orderBy(asc(users.id))
    .limit(20);
  return rows.map(toAccount);
}

/** Orders of suspended accounts still under way (paid and placed, accepted, packed, shipped, delivered): the operator follows them up. */
export async function suspendedAccountOrders(actor: Actor) {
  authorizePlatform(actor, "ops.accounts");
  return db()
    .select({ id: orders.id, number: orders.number, status: orders.status, farmName: farms.name, buyerId: orders.buyerId, farmOwner: farms.ownerId })
    .from(orders)
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .where(
      and(
        notInArray(orders.status, ["declined", "cancelled", "expired", "completed", "awaiting_payment"]),
        sql`exists (select 1 from users su where su.suspended_at is not null and (su.id = ${orders.buyerId} or su.id = ${farms.ownerId}))`,
      ),
    )
    .orderBy(asc(orders.id))
    .limit(200);
}

/** The listings of the person's farm, locked in id order (as a checkout locks them), and the farm's id. */
async function lockFarmListings(tx: Executor, userId: number): Promise<{ farmId: number | null; listingIds: number[] }> {
  const [farm] = await tx.select({ id: farms.id }).from(farms).where(eq(farms.ownerId, userId));
  if (!farm) return { farmId: null, listingIds: [] };
  const rows = await tx.select({ id: listings.id }).from(listings).where(eq(listings.farmId, farm.id)).orderBy(asc(listings.id)).for("update");
  return { farmId: farm.id, listingIds: rows.map((r) => r.id) };
}

async function lockAccount(tx: Executor, userId: number) {
  const [row] = await tx
    .select({ id: users.id, displayName: users.displayName, suspendedAt: users.suspendedAt, suspendedReason: users.suspendedReason })
    .from(users)
    .where(eq(users.id, userId))
    // Not FOR UPDATE: a checkout's rows that name the person (a notification to the farm) take KEY SHARE on it while holding the listings.
    .for("no key update");
  return row ?? null;
}

/** Suspends an account with a reason (see the invariants above). Suspending a suspended account changes nothing. */
export async function suspendAccount(
  actor: Actor,
  userId: number,
  reason: string,
): Promise<{ declinedOrders: number[]; cancelledOrders: number[] }> {
  return db().transaction(async (tx) => {
    authorizePlatform(actor, "ops.accounts");
    if (userId === actor.userId) throw new DomainError("conflict", "accounts.errors.self");
    // The administrators first, in id order: two suspensions at once cannot leave none in good standing.
    const admins = await tx
      .select({ id: users.id, suspendedAt: users.suspendedAt })
      .from(users)
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "operator")))
      .orderBy(asc(users.id))
      .for("no key update", { of: users });
    const account = await lockAccount(tx, userId);
    if (!account) throw notFound();
    if (account.suspendedAt) return { declinedOrders: [], cancelledOrders: [] };
    if (admins.some((a) => a.id === userId)) {
      if (!actor.roles.includes("operator")) throw new DomainError("forbidden", "accounts.errors.administrator");
      if (!admins.some((a) => a.id !== userId && a.suspendedAt === null)) throw new DomainError("conflict", "accounts.errors.lastAdministrator");
    }

    await tx.update(users).set({ suspendedAt: new Date(), suspendedBy: actor.userId, suspendedReason: reason }).where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    const { farmId, listingIds } = await lockFarmListings(tx, userId);
    await recordSearchChange(tx, listingIds);

    // The cart goes (a checkout in flight holds its rows: it commits first, and its orders are among those below).
    await tx.delete(cartItems).where(eq(cartItems.userId, userId));
    const notified: number[] = [];
    const refunds: (number | null)[] = [];
    const declinedOrders: number[] = [];
    const cancelledOrders: number[] = [];
    const expiredOrders: number[] = [];
    const placed = await lockOrders(
      tx,
      and(inArray(orders.status, ["placed", "awaiting_approval"]), farmId === null ? eq(orders.buyerId, userId) : or(eq(orders.buyerId, userId), eq(orders.farmId, farmId)))!,
    );
    for (const order of placed) {
      // A company purchase still waiting for its approver expires (stock back, the buyer told; the farm never saw it).
      if (order.status === "awaiting_approval") {
        const effects = await applyMove(tx, order, "expire", actor.userId);
        notified.push(...effects.notified);
        expiredOrders.push(order.id);
        continue;
      }
      // The farm's own orders are declined; the person's purchases from other farms are cancelled.
      const move = order.farmId === farmId ? "decline" : "cancel";
      // Paid (by card or transfer): declining or cancelling would move money back, which a moderator never
      // does (decision 035); the order stays for the administrator, listed by suspendedAccountOrders.
      if (order.paymentStatus === "paid" || !moveAllowed(order, move)) continue;
      const effects = await applyMove(tx, order, move, actor.userId);
      notified.push(...effects.notified);
      refunds.push(effects.refundId);
      (move === "decline" ? declinedOrders : cancelledOrders).push(order.id);
    }
    const [told] = await tx.insert(notifications).values({ userId, kind: "account_suspended", params: { reason } }).returning({ id: notifications.id });
    notified.push(told.id);
    await audit(tx, actor, {
      action: "accounts.suspend",
      subject: { type: "user", id: userId },
      farmId,
      before: { name: account.displayName, suspended: false },
      after: { name: account.displayName, suspended: true, suspendedReason: reason, declinedOrders, cancelledOrders, expiredOrders },
    });
    await enqueueEffects(tx, { notified, refunds });
    return { declinedOrders, cancelledOrders };
  });
}

/** Restores a suspended account: it may log in again, and its farm's listings come back to search (not those a moderator hid). */
export async function restoreAccount(actor: Actor, userId: number): Promise<void> {
  await db().transaction(async (tx) => {
    authorizePlatform(actor, "ops.accounts");
    const account = await lockAccount(tx, userId);
    if (!account) throw notFound();
    if (!account.suspendedAt) throw new DomainError("conflict", "accounts.errors.notSuspended");
    await tx.update(users).set({ suspendedAt: null, suspendedBy: null, suspendedReason: null }).where(eq(users.id, userId));
    const { farmId, listingIds } = await lockFarmListings(tx, userId);
    await recordSearchChange(tx, listingIds);
    const [told] = await tx.insert(notifications).values({ userId, kind: "account_restored", params: {} }).returning({ id: notifications.id });
    await audit(tx, actor, {
      action: "accounts.restore",
      subject: { type: "user", id: userId },
      farmId,
      before: { name: account.displayName, suspended: true, suspendedReason: account.suspendedReason ?? "" },
      after: { name: account.displayName, suspended: false },
    });
    await enqueueEffects(tx, { notified: [told.id] });
  });
}

/** Whether the account is suspended (the login page says so, after a right password only). */
export async function isSuspended(userId: number): Promise<boolean> {
  const [row] = await db().select({ id: users.id }).from(users).where(and(eq(users.id, userId), isNotNull(users.suspendedAt)));
  return row !== undefined;
}

/** How many accounts are suspended now. */
export async function suspendedCount(): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(users).where(isNotNull(users.suspendedAt));
  return row.n;
}

