/**
 * GET /business/:id/orders/csv — a company's orders as a spreadsheet file
 * (UTF-8 with a byte-order mark, amounts in whole đồng), to its members only;
 * a stranger gets "not found". A resource route: a page loader's Response is
 * taken as page data on a document request, so the file has a route of its own.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { companyOrders, companyOrdersCsv } from "~/models/company.server";
import { refusing, requireActor } from "~/utils/actor.server";
import { i18nFor } from "~/utils/i18n.server";
import { getLocale } from "~/utils/locale.server";
import { parseId } from "~/validation/ids";

/** The file's columns, in companyOrdersCsv's order (the page's table shows the same). */
const COLUMNS = ["number", "poNumber", "farm", "status", "total", "placedBy", "date"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = parseId(params.id ?? null);
  if (companyId === null) throw new Response("Not found", { status: 404 });
  const rows = await refusing(companyOrders(actor, companyId));
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
