import { acceptQuotesForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";

// POST /api/v1/quote-requests/:id/accept — acceptQuotes, as the request page.
export const action = apiEndpoint("acceptQuotes", ({ principal, params, body }) => acceptQuotesForApi(principal, Number(params.id), body));
