import { openApiDocument } from "~/utils/openapi.server";

// GET /api/v1/openapi.json — generated from the handlers' zod schemas (decision 044).
export function loader() {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
