/**
 * The audit trail: every command records who did what, for whom, and the
 * subject before → after, in the command's own transaction (a rolled-back
 * command leaves no trace; a committed one always does). Append-only in the
 * database (migration 0013). The farm's activity page (/sell/activity)
 * reads it.
 */
import { and, desc, eq, lt, notInArray } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { auditEvents, users } from "../../db/schema";
import type { Actor, FarmRelation } from "./policy";

export type AuditEntry = {
  action: string;
  subject: { type: string; id: number | string };
  /** The farm whose activity shows the event. */
  farmId?: number | null;
  /** How the actor stood to that farm: anyone but its owner acts on the household's behalf. */
  relation?: FarmRelation;
  before?: unknown;
  after?: unknown;
};

/** Records one event. `actor` null is the system (a job, a webhook). */
export async function audit(tx: Executor, actor: Actor | null, entry: AuditEntry): Promise<void> {
  const farmId = entry.farmId ?? null;
  await tx.insert(auditEvents).values({
    actorId: actor?.userId ?? null,
    // Acting for a household: the farm acted for is recorded apart from the actor.
    onBehalfOfFarmId: farmId !== null && entry.relation && entry.relation.role !== "owner" ? farmId : null,
    farmId,
    action: entry.action,
    subjectType: entry.subject.type,
    subjectId: String(entry.subject.id),
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export type ActivityRow = {
  id: number;
  at: Date;
  action: string;
  subjectType: string;
  subjectId: string;
  actorName: string | null;
  actorId: number | null;
  onBehalf: boolean;
  before: unknown;
  after: unknown;
};

/** Events about the farm's money: shown only to those who may see it (policy "farm.payouts"). */
export const MONEY_ACTIONS = ["payout.record"] as const;

/**
 * A farm's activity, newest first, a page at a time (before the given id);
 * money events only `withMoney`.
 */
export async function farmActivity(
  farmId: number,
  options: { before?: number; limit?: number; withMoney?: boolean } = {},
): Promise<ActivityRow[]> {
  const rows = await db()
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      actorName: users.displayName,
      actorId: auditEvents.actorId,
      onBehalfOfFarmId: auditEvents.onBehalfOfFarmId,
      before: auditEvents.before,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.farmId, farmId),
        options.before ? lt(auditEvents.id, options.before) : undefined,
        options.withMoney ? undefined : notInArray(auditEvents.action, [...MONEY_ACTIONS]),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(options.limit ?? 50);
  return rows.map(({ onBehalfOfFarmId, ...r }) => ({ ...r, onBehalf: onBehalfOfFarmId !== null }));
}
