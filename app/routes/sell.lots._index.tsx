/**
 * The farm's lots (issue 14): each with its code, dates, inputs recorded and
 * scans of its public page. Policy lot.manage.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { listFarmLots } from "~/models/lot.server";
import { requireSellerFarm } from "~/utils/actor.server";
import { formatDate } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sellLots");

export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "lot.manage");
  return { lots: await listFarmLots(farm.id) };
}

export default function FarmLots() {
  const t = useT();
  const locale = useLocale();
  const { lots } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section>
      <h1>{t("lots.title")}</h1>
      <p className="lead">{t("lots.lead")}</p>
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("lots.saved")}
        </p>
      ) : null}
      <p className="actions">
        <Link to="/sell/lots/new" className="button primary">
          {t("lots.new")}
        </Link>
      </p>
      {lots.length === 0 ? (
        <p className="empty">{t("lots.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="lots-table">
            <thead>
              <tr>
                <th scope="col">{t("lots.code")}</th>
                <th scope="col">{t("lots.product")}</th>
                <th scope="col">{t("lots.plot")}</th>
                <th scope="col">{t("lots.sownOn")}</th>
                <th scope="col">{t("lots.harvestedOn")}</th>
                <th scope="col">{t("lots.inputsCount")}</th>
                <th scope="col">{t("lots.scans")}</th>
              </tr>
            </thead>
            <tbody>
              {lots.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/sell/lots/${l.id}`}>{l.code}</Link>
                  </td>
                  <td>{l.product}</td>
                  <td>{l.plot}</td>
                  <td>{l.sownOn ? formatDate(l.sownOn, locale) : ""}</td>
                  <td>{l.harvestedOn ? formatDate(l.harvestedOn, locale) : t("lots.notHarvested")}</td>
                  <td>{l.inputs}</td>
                  <td>{l.scans}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
