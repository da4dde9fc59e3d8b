import type { LoaderFunctionArgs } from "@remix-run/node";
import { suggestListings } from "~/search/search.server";
import { normalizeText } from "~/validation/text";

// GET /search/suggest?q= — a few titles for search-as-you-type.
export async function loader({ request }: LoaderFunctionArgs) {
  const q = normalizeText(new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const suggestions = await suggestListings(q);
  return Response.json({ suggestions }, { headers: { "Cache-Control": "public, max-age=30" } });
}
