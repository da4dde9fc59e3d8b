/**
 * A company's orders (issue 12): every order placed for it, newest first —
 * number, PO number, farm, status, total, who placed it, when — to its
 * members; `?format=csv` gives the same as a spreadsheet file (UTF-8 with a
 * byte-order mark, amounts in whole đồng). A stranger gets "not found".
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { companyForMember, companyOrders, companyOrdersCsv, type CompanyOrderRow } from "~/models/company.server";
import { refusing, requireActor } from "~/utils/actor.server";
import { formatInstant, formatVnd, i18nFor } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "businessOrders");

type PageData = { company: { id: number; name: string }; orders: (Omit<CompanyOrderRow, "createdAt"> & { createdAt: string })[] };

const COLUMNS = ["number", "poNumber", "farm", "status", "total", "placedBy", "date"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = parseId(params.id ?? null);
  if (companyId === null) throw new Response("Not found", { status: 404 });
  const company = await refusing(companyForMember(actor, companyId));
  const rows = await refusing(companyOrders(actor, companyId));
  if (new URL(request.url).searchParams.get("format") === "csv") {
    const t = i18nFor(await getLocale(request)).t;
    const csv = companyOrdersCsv(rows, { header: COLUMNS.map((c) => t(`business.orderColumns.${c}`)), status: (s) => t(`orderStatus.${s}`) });
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="don-hang-cong-ty-${companyId}.csv"`,
        "Cache-Control": "private, no-store",
      },
    });
  }
  return { company: { id: company.id, name: company.name }, orders: rows };
}

export default function BusinessOrders() {
  const t = useT();
  const locale = useLocale();
  // The loader answers the page's data or (for ?format=csv) the file itself: the page reads the former.
  const { company, orders } = useLoaderData() as PageData;
  return (
    <section>
      <p>
        <Link to={`/business/${company.id}`}>{company.name}</Link>
      </p>
      <h1>{t("business.ordersTitle", { company: company.name })}</h1>
      <p>
        <a href={`/business/${company.id}/orders?format=csv`} download>
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
