/**
 * GET /words/:locale?ns=cart,checkout&v=… — namespaces of one language's
 * dictionary, as JSON, for the browser (app/locales/dictionary.ts, decision
 * 048): what a page reached by a link needs and its document did not carry.
 * The same for everyone, so kept a year by any cache when `v` is the current
 * dictionaries' version (it changes with any word); otherwise not kept. A
 * namespace that does not exist is left out; a malformed request is a 400.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/utils/i18n";
import { NAMESPACE, namespacesOf, WORDS_VERSION } from "~/utils/page-words.server";

const MAX_NAMESPACES = 100;

export function loader({ params, request }: LoaderFunctionArgs) {
  if (!isLocale(params.locale)) return Response.json({ error: "unknown language" }, { status: 404, headers: { "Cache-Control": "no-store" } });
  const url = new URL(request.url);
  const names = (url.searchParams.get("ns") ?? "").split(",").filter(Boolean);
  if (names.length === 0 || names.length > MAX_NAMESPACES || !names.every((name) => NAMESPACE.test(name))) {
    return Response.json({ error: `ns: from 1 to ${MAX_NAMESPACES} namespace names, separated by commas` }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  const current = url.searchParams.get("v") === WORDS_VERSION;
  return Response.json(namespacesOf(params.locale, names), {
    headers: { "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache" },
  });
}
