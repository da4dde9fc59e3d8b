import { moveOrderForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";

// POST /api/v1/orders/:id/moves — transitionOrder, as the order page's buttons.
export const action = apiEndpoint("moveOrder", ({ principal, params, body }) => moveOrderForApi(principal, Number(params.id), body.action));
