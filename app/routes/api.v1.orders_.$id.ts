import { orderForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";

// GET /api/v1/orders/:id
export const loader = apiEndpoint("getOrder", ({ principal, params }) => orderForApi(principal, Number(params.id)));
