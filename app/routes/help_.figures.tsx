import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { helpTitle, HelpNav } from "~/components/help-nav";
import { teamFigures } from "~/models/helper-work.server";
import { requireFiguresViewer } from "~/utils/helper-actor.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => helpTitle(matches, "figuresTitle");

// The team figures: a team's members see their teams, an operator every team.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireFiguresViewer(request);
  return { rows: await teamFigures(actor) };
}

const COLUMNS = ["onboarded", "withActiveListing", "withOrderThisMonth", "listingsThisWeek", "ordersThisWeek"] as const;

export default function HelpFigures() {
  const t = useT();
  const { rows } = useLoaderData<typeof loader>();
  return (
    <section className="help-figures">
      <HelpNav current="figures" />
      <h1>{t("helpWork.figuresTitle")}</h1>
      <p className="lead">{t("helpWork.figuresLead")}</p>
      {rows.length === 0 ? (
        <p className="notice">{t("helpWork.figuresEmpty")}</p>
      ) : (
        <div className="table-wrap">
        <table className="figures seller-table">
          <thead>
            <tr>
              <th scope="col">{t("helpWork.figures.who")}</th>
              {COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {t(`helpWork.figures.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.teamId}-${r.helperId ?? "team"}`} className={r.helperId === null ? "figures-team" : undefined}>
                <th scope="row">{r.helperId === null ? r.teamName : r.helperName}</th>
                {COLUMNS.map((c) => (
                  <td key={c} data-label={t(`helpWork.figures.${c}`)}>
                    {r[c]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}
