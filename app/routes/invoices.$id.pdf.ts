/**
 * GET /invoices/:id/pdf — one paper by its id: an invoice or a credit note
 * (decision 043), to those who may see its order; "not found" to anyone else.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { invoiceFor } from "~/models/invoice.server";
import { invoiceFileName, renderInvoicePdf } from "~/papers/invoice-pdf.server";
import { requireActor } from "~/utils/actor.server";
import { publicOrigin } from "~/utils/env.server";
import { pdfResponse } from "~/utils/pdf.server";
import { parseId } from "~/validation/ids";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const id = parseId(params.id ?? null);
  const paper = id === null ? null : await invoiceFor(actor, id);
  if (!paper) throw new Response("Not found", { status: 404 });
  return pdfResponse(await renderInvoicePdf(paper, publicOrigin(request)), invoiceFileName(paper));
}
