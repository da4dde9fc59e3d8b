import type { LoaderFunctionArgs } from "@remix-run/node";
import { suggestCategoryNamed } from "~/models/category-suggestion";
import { getLocale } from "~/utils/locale.server";
import { normalizeText } from "~/validation/text";

// GET /sell/category-suggest?title= — the category a listing's title suggests, as the farmer types it.
// Public like /search/suggest: it says only which category a phrase belongs to.
export async function loader({ request }: LoaderFunctionArgs) {
  const title = normalizeText(new URL(request.url).searchParams.get("title") ?? "").slice(0, 120);
  return Response.json({ suggestion: suggestCategoryNamed(title, await getLocale(request)) });
}
