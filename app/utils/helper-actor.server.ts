/**
 * The helper's pages (/help/list, /help/inbox, /help/households/:id/card,
 * /help/figures): the person must be an active member of a team (policy
 * "team.work" on one of their teams); anyone else is "not found", as if the
 * pages did not exist. Which households they may act for, and how, the
 * queries and commands decide (models/helper-work.server.ts, the policy).
 */
import { activeTeamIds } from "~/models/helper-work.server";
import { authorizeTeam } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import { can, type Actor } from "~/policy/policy";
import { actorOf, refusal } from "./actor.server";
import { requireUser, type SessionUser } from "./session.server";

export async function requireHelper(request: Request): Promise<{ user: SessionUser; actor: Actor; teamIds: number[] }> {
  const user = await requireUser(request);
  const actor = actorOf(user);
  const teamIds = await activeTeamIds(user.id);
  try {
    // A member of no team is refused; the policy is asked for the first team.
    if (teamIds.length === 0) throw notFound();
    await authorizeTeam(actor, "team.work", teamIds[0]);
  } catch (error) {
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
  return { user, actor, teamIds };
}

/** The team figures: a team member sees their teams, an operator every team ("ops.teams"). */
export async function requireFiguresViewer(request: Request): Promise<{ user: SessionUser; actor: Actor }> {
  const user = await requireUser(request);
  const actor = actorOf(user);
  if (can(actor, "ops.teams", { kind: "platform" })) return { user, actor };
  return requireHelper(request);
}
