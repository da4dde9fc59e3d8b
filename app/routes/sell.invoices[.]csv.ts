/**
 * GET /sell/invoices.csv?from=2026-11-01&to=2026-11-30 — the same export as
 * invoices.json, one row per paper (decision 043).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { farmInvoices } from "~/models/invoice.server";
import { eInvoiceCsv, eInvoiceDocument } from "~/papers/einvoice";
import { requireSellerFarm } from "~/utils/actor.server";
import { exportPeriod } from "~/papers/export-period.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "order.sell");
  const period = exportPeriod(request);
  const papers = await farmInvoices(farm.id, period.fromInstant, period.toInstant);
  return new Response(eInvoiceCsv(papers.map(eInvoiceDocument)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="hoa-don-${farm.id}-${period.from}-${period.to}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
