import { updateStockForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";

// POST /api/v1/farm/listings/stock — bulk stock and prices, all lines or none.
export const action = apiEndpoint("updateStock", ({ principal, body }) => updateStockForApi(principal, body));
