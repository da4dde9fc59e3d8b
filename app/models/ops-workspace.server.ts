/**
 * The /ops workspace's counts of what waits (issue 13, decision 037). Each
 * count is computed only for someone the policy lets act on it, and reuses
 * the query of the page where it is done (failed refunds, payouts due). The
 * counts are reads: nothing here changes anything.
 */
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { orders } from "../../db/schema";
import { authorizePlatform } from "~/policy/authorize.server";
import { can, type Actor, type PlatformAction } from "~/policy/policy";
import { farmBalances } from "./ledger.server";
import { flaggedMessageCount } from "./conversation.server";
import { moderationCounts } from "./moderation.server";
import { failedRefunds, paymentIssueList } from "./refund.server";
import { suspendedCount } from "./suspension.server";

export type WorkspaceCounts = {
  verification?: number;
  reports?: number;
  reviews?: number;
  /** Strangers' first messages carrying a phone number or a link (decision 041). */
  flaggedMessages?: number;
  transfers?: { count: number; orders: { id: number; number: string }[] };
  refunds?: number;
  paymentIssues?: number;
  payouts?: number;
  suspended?: number;
  /** Pages with no count, shown as links to those who may open them. */
  links: { teams: boolean; companies: boolean; insights: boolean };
};

/** Bank transfers an operator may record as received (moves.server.ts transferMayBeRecorded, as a query): the oldest first. */
async function transfersToRecord() {
  const where = and(
    inArray(orders.paymentMethod, ["bank_transfer", "net_terms"]),
    eq(orders.paymentStatus, "unpaid"),
    notInArray(orders.status, ["awaiting_payment", "awaiting_approval", "declined", "cancelled", "expired"]),
  );
  const [rows, [total]] = await Promise.all([
    db().select({ id: orders.id, number: orders.number }).from(orders).where(where).orderBy(asc(orders.id)).limit(10),
    db().select({ n: sql<number>`count(*)::int` }).from(orders).where(where),
  ]);
  return { count: total.n, orders: rows };
}

async function pendingDocuments(): Promise<number> {
  const [row] = await db().execute<{ n: number }>(sql`select count(*)::int as n from farm_documents where state = 'pending'`);
  return row.n;
}

/** What waits, for the actor: only the counts of what the policy lets them act on. */
export async function workspaceCounts(actor: Actor): Promise<WorkspaceCounts> {
  authorizePlatform(actor, "ops.workspace");
  const may = (action: PlatformAction) => can(actor, action, { kind: "platform" });
  const [verification, moderation, transfers, refunds, issues, balances, suspended, flaggedMessages] = await Promise.all([
    may("ops.verify") ? pendingDocuments() : undefined,
    may("ops.moderate") ? moderationCounts() : undefined,
    may("ops.payments") ? transfersToRecord() : undefined,
    may("ops.payments") ? failedRefunds() : undefined,
    may("ops.payments") ? paymentIssueList() : undefined,
    may("ops.payouts") ? farmBalances() : undefined,
    may("ops.accounts") ? suspendedCount() : undefined,
    may("ops.moderate") ? flaggedMessageCount() : undefined,
  ]);
  return {
    verification,
    reports: moderation?.reportedSubjects,
    reviews: moderation?.reviewRequests,
    flaggedMessages,
    transfers,
    refunds: refunds?.length,
    paymentIssues: issues?.length,
    payouts: balances?.filter((b) => b.balanceVnd > 0).length,
    suspended,
    links: { teams: may("ops.teams"), companies: may("ops.companies"), insights: may("ops.insights") },
  };
}
