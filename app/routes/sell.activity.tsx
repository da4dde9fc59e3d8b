/**
 * The farm's activity (issue 11): who did what on the farm — the household
 * itself, or a helper "on the household's behalf" — when, and what changed
 * (before → after). Read from the append-only audit trail. For the farm's
 * owner and whoever acts for it (policy farm.workspace).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { farmActivity } from "~/policy/audit.server";
import { can } from "~/policy/policy";
import { requireSellerFarm } from "~/utils/actor.server";
import { formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "activity");

const PAGE = 50;

type Change = { field: string; before: string | null; after: string | null };

/** What changed between before and after, field by field, as short text. */
function changesOf(before: unknown, after: unknown): Change[] {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const text = (v: unknown) => (v === null || v === undefined ? null : (typeof v === "object" ? JSON.stringify(v) : String(v)).slice(0, 200));
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((field) => ({ field, before: field in b ? text(b[field]) : null, after: field in a ? text(a[field]) : null }));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { farm, actor, relation } = await requireSellerFarm(request, "farm.workspace");
  const before = parseId(new URL(request.url).searchParams.get("before")) ?? undefined;
  // Money events (payouts) only for those who may see the money (policy farm.payouts: the owner).
  const withMoney = can(actor, "farm.payouts", { kind: "farm", relation });
  const rows = await farmActivity(farm.id, { before, limit: PAGE, withMoney });
  return {
    farmName: farm.name,
    events: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      action: r.action,
      actorName: r.actorName,
      onBehalf: r.onBehalf,
      changes: changesOf(r.before, r.after),
    })),
    more: rows.length === PAGE ? rows[rows.length - 1].id : null,
  };
}

export default function Activity() {
  const t = useT();
  const locale = useLocale();
  const { farmName, events, more } = useLoaderData<typeof loader>();
  // Known values in words (a listing's state, an order's status); the rest as they are.
  const value = (field: string, v: string | null) => {
    if (v === null) return "—";
    if (field === "state") return t(`states.${v}`, { defaultValue: v });
    if (field === "status") return t(`orderStatus.${v}`, { defaultValue: v });
    return v;
  };
  return (
    <section>
      <h1>{t("activity.title")}</h1>
      <p>{t("activity.lead", { farm: farmName })}</p>
      {events.length === 0 ? <p className="empty">{t("activity.none")}</p> : null}
      <ol className="activity-list">
        {events.map((e) => (
          <li key={e.id} className="card">
            <p>
              <strong>{e.actorName ?? t("activity.system")}</strong>
              {e.onBehalf ? ` (${t("activity.onBehalf")})` : ""} — {t(`activityAction.${e.action}`, { defaultValue: e.action })}
            </p>
            <p className="muted">
              <time dateTime={e.at}>{formatInstant(e.at, locale, { time: true })}</time>
            </p>
            {e.changes.length ? (
              <ul className="changes">
                {e.changes.map((c) => (
                  <li key={c.field}>
                    {t(`activityField.${c.field}`, { defaultValue: c.field })}: {value(c.field, c.before)} → {value(c.field, c.after)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      {more ? (
        <p>
          <Link to={`/sell/activity?before=${more}`}>{t("activity.older")}</Link>
        </p>
      ) : null}
    </section>
  );
}
