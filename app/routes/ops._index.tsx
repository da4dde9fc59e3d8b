/**
 * The /ops workspace (policy "ops.workspace", decision 037): counts of what
 * waits, each leading to the page where it is done, shown only to those who
 * may act on it. A province analyst (who has no workspace) is sent to the
 * figures.
 */
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { workspaceCounts } from "~/models/ops-workspace.server";
import { can } from "~/policy/policy";
import { actorOf, requireOperator } from "~/utils/actor.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opsHome");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const actor = actorOf(user);
  if (!can(actor, "ops.workspace", { kind: "platform" }) && user.roles.includes("analyst")) throw redirect("/ops/insights");
  await requireOperator(request, "ops.workspace");
  return { counts: await workspaceCounts(actor) };
}

export default function OpsHome() {
  const t = useT();
  const { counts } = useLoaderData<typeof loader>();
  const tiles: { key: string; label: string; count?: number; to: string }[] = [
    { key: "verification", label: t("opsHome.verification"), count: counts.verification, to: "/ops/verification" },
    { key: "reports", label: t("opsHome.reports"), count: counts.reports, to: "/ops/reports" },
    { key: "reviews", label: t("opsHome.reviews"), count: counts.reviews, to: "/ops/reports" },
    { key: "flaggedMessages", label: t("messages.opsFlagged"), count: counts.flaggedMessages, to: "/ops/reports" },
    { key: "refunds", label: t("opsHome.refunds"), count: counts.refunds, to: "/ops/payments" },
    { key: "payments", label: t("opsHome.payments"), count: counts.paymentIssues, to: "/ops/payments" },
    { key: "payouts", label: t("opsHome.payouts"), count: counts.payouts, to: "/ops/payouts" },
    { key: "suspended", label: t("opsHome.suspended"), count: counts.suspended, to: "/ops/accounts" },
  ];
  return (
    <section>
      <h1>{t("opsHome.title")}</h1>
      <p>{t("opsHome.lead")}</p>
      <ul className="ops-tiles">
        {tiles
          .filter((tile) => tile.count !== undefined)
          .map((tile) => (
            <li key={tile.key} className="card ops-tile" data-count={tile.key}>
              <Link to={tile.to}>
                <span className="ops-count">{tile.count}</span> <span>{tile.label}</span>
              </Link>
            </li>
          ))}
        {counts.transfers ? (
          <li className="card ops-tile" data-count="transfers">
            <p>
              <span className="ops-count">{counts.transfers.count}</span> <span>{t("opsHome.transfers")}</span>
            </p>
            {counts.transfers.orders.length ? (
              <ul>
                {counts.transfers.orders.map((o) => (
                  <li key={o.id}>
                    <Link to={`/orders/${o.id}`}>{o.number}</Link>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ) : null}
      </ul>
      <ul className="ops-links">
        {counts.links.teams ? (
          <li>
            <Link to="/ops/teams">{t("opsHome.teams")}</Link>
          </li>
        ) : null}
        {counts.links.companies ? (
          <li>
            <Link to="/ops/companies">{t("opsHome.companies")}</Link>
          </li>
        ) : null}
        {counts.links.insights ? (
          <li>
            <Link to="/ops/insights">{t("opsHome.insights")}</Link>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
