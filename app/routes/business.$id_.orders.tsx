/**
 * A company's orders (issue 12): every order placed for it, newest first —
 * number, PO number, farm, status, total, who placed it, when — to its
 * members, with a link to the same as a spreadsheet file
 * (business.$id_.orders_.csv.ts). A stranger gets "not found".
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { companyForMember, companyOrders } from "~/models/company.server";
import { refusing, requireActor } from "~/utils/actor.server";
import { formatInstant, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "businessOrders");

const COLUMNS = ["number", "poNumber", "farm", "status", "total", "placedBy", "date"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = parseId(params.id ?? null);
  if (companyId === null) throw new Response("Not found", { status: 404 });
  const company = await refusing(companyForMember(actor, companyId));
  const rows = await refusing(companyOrders(actor, companyId));
  return { company: { id: company.id, name: company.name }, orders: rows };
}

export default function BusinessOrders() {
  const t = useT();
  const locale = useLocale();
  const { company, orders } = useLoaderData<typeof loader>();
  return (
    <section>
      <p>
        <Link to={`/business/${company.id}`}>{company.name}</Link>
      </p>
      <h1>{t("business.ordersTitle", { company: company.name })}</h1>
      <p>
        <a href={`/business/${company.id}/orders/csv`} download>
          {t("business.ordersCsv")}
        </a>
      </p>
      {orders.length ? (
        <table className="data-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {t(`business.orderColumns.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/orders/${o.id}`}>{o.number}</Link>
                </td>
                <td>{o.poNumber ?? ""}</td>
                <td>{o.farmName}</td>
                <td>{t(`orderStatus.${o.status}`)}</td>
                <td>{formatVnd(o.totalVnd, locale)}</td>
                <td>{o.placedBy}</td>
                <td>{formatInstant(o.createdAt, locale, { time: true })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">{t("business.noOrders")}</p>
      )}
    </section>
  );
}
