import { createQuoteRequestForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";

// POST /api/v1/quote-requests — a request for quotation (app/models/rfq.server.ts createRequest).
export const action = apiEndpoint("createQuoteRequest", ({ principal, body }) => createQuoteRequestForApi(principal, body));
