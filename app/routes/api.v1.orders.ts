import { createOrdersForApi, ordersForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";

// GET /api/v1/orders — the token's orders; POST — place orders from lines.
export const loader = apiEndpoint("listOrders", ({ principal, query }) => ordersForApi(principal, query));
export const action = apiEndpoint("createOrder", ({ principal, body, idempotencyKey }) => createOrdersForApi(principal, body, idempotencyKey!));
