/**
 * GET /orders/:id/delivery-note.pdf — the delivery note for the driver
 * (decision 043), once the farm has accepted the order, to those who may see
 * the order; "not found" to anyone else and before.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { deliveryNoteFor } from "~/models/papers.server";
import { renderDeliveryNotePdf } from "~/papers/delivery-note-pdf.server";
import { requireActor } from "~/utils/actor.server";
import { publicOrigin } from "~/utils/env.server";
import { pdfResponse } from "~/utils/pdf.server";
import { parseId } from "~/validation/ids";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const orderId = parseId(params.id ?? null);
  const note = orderId === null ? null : await deliveryNoteFor(actor, orderId);
  if (!note) throw new Response("Not found", { status: 404 });
  return pdfResponse(await renderDeliveryNotePdf(note, publicOrigin(request)), `Phiếu giao hàng ${note.number}.pdf`);
}
