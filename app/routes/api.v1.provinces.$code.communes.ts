import type { LoaderFunctionArgs } from "@remix-run/node";
import { listCommunes } from "~/models/place.server";

// GET /api/v1/provinces/:code/communes — the communes and wards of a province.
export async function loader({ params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!/^\d{2}$/.test(code)) return Response.json({ error: "unknown province" }, { status: 404 });
  const communes = await listCommunes(code);
  if (!communes.length) return Response.json({ error: "unknown province" }, { status: 404 });
  return Response.json({ province: code, communes }, { headers: { "Cache-Control": "public, max-age=86400" } });
}
