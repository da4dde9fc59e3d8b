import { quoteRequestForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";

// GET /api/v1/quote-requests/:id — the request and its quotes.
export const loader = apiEndpoint("getQuoteRequest", ({ principal, params }) => quoteRequestForApi(principal, Number(params.id)));
