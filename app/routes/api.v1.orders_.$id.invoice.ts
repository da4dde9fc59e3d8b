import { invoicePdfForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";
import { publicOrigin } from "~/utils/env.server";

// GET /api/v1/orders/:id/invoice — the order's invoice as PDF (decision 043), for a token with invoices:read.
export const loader = async (args: Parameters<ReturnType<typeof apiEndpoint>>[0]) =>
  apiEndpoint("getInvoice", ({ principal, params }) => invoicePdfForApi(principal, Number(params.id), publicOrigin(args.request)))(args);
