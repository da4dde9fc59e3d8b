/**
 * GET /sell/invoices.json?from=2026-11-01&to=2026-11-30 — the farm's issued
 * invoices and credit notes of a period, in the provider-neutral shape of the
 * e-invoice port (decision 043), for the farm's people who see its orders
 * (order.sell). A bad period: 400.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { farmInvoices } from "~/models/invoice.server";
import { eInvoiceDocument } from "~/papers/einvoice";
import { requireSellerFarm } from "~/utils/actor.server";
import { exportPeriod } from "~/papers/export-period.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "order.sell");
  const period = exportPeriod(request);
  const papers = await farmInvoices(farm.id, period.fromInstant, period.toInstant);
  return Response.json(
    { farm: { id: farm.id, name: farm.name }, from: period.from, to: period.to, invoices: papers.map(eInvoiceDocument) },
    { headers: { "Content-Disposition": `attachment; filename="hoa-don-${farm.id}-${period.from}-${period.to}.json"`, "Cache-Control": "private, no-store" } },
  );
}
