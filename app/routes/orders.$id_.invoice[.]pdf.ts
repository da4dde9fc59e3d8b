/**
 * GET /orders/:id/invoice.pdf — the order's invoice (decision 043), to those
 * who may see the order (order.view); "not found" to anyone else, and while
 * the order has no invoice (it is issued when the order completes).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { invoicesOfOrder } from "~/models/invoice.server";
import { invoiceFileName, renderInvoicePdf } from "~/papers/invoice-pdf.server";
import { requireActor } from "~/utils/actor.server";
import { publicOrigin } from "~/utils/env.server";
import { pdfResponse } from "~/utils/pdf.server";
import { parseId } from "~/validation/ids";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const orderId = parseId(params.id ?? null);
  const papers = orderId === null ? null : await invoicesOfOrder(actor, orderId);
  if (!papers?.invoice) throw new Response("Not found", { status: 404 });
  return pdfResponse(await renderInvoicePdf(papers.invoice, publicOrigin(request)), invoiceFileName(papers.invoice));
}
