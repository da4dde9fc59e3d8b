import { farmListingsForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";

// GET /api/v1/farm/listings — the farm token's own listings with their versions.
export const loader = apiEndpoint("listFarmListings", ({ principal }) => farmListingsForApi(principal));
