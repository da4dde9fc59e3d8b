import { listingForApi } from "~/models/api.server";
import { apiEndpoint } from "~/utils/api.server";

// GET /api/v1/listings/:id
export const loader = apiEndpoint("getListing", ({ params }) => listingForApi(Number(params.id)));
