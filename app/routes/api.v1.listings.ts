import { searchListingsForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";

// GET /api/v1/listings — search (the search port, as /search uses it).
export const loader = apiEndpoint("searchListings", ({ query }) => searchListingsForApi(query));
