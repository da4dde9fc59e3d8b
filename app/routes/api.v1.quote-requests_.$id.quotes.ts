import { quoteRequestForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";

// GET /api/v1/quote-requests/:id/quotes — its quotes, cheapest first.
export const loader = apiEndpoint("listQuotes", async ({ principal, params }) => ({ data: (await quoteRequestForApi(principal, Number(params.id))).quotes }));
