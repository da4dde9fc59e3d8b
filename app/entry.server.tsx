import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { translateFor } from "~/utils/i18n.server";
import { getLocale } from "~/utils/locale.server";
import { NonceProvider } from "~/utils/nonce";
import { pageWordsJson, recording, withPageWords } from "~/utils/page-words.server";
import { renderDocument } from "~/utils/render-document.server";
import routeWords from "virtual:route-words";
import { TranslateProvider } from "~/utils/use-t";

const ABORT_DELAY = 5_000;

/**
 * The whole document is rendered before it is sent, as one body. No route
 * defers data, so streaming sent nothing earlier; it sent the page in React's
 * pieces, and Remix flushes after each piece, which through the gzip
 * middleware meant a compression flush and a socket write per piece: 5–10 ms
 * of a 47 KB search page (docs/decisions/011-search-speed.md). Which renderer,
 * and why: app/utils/render-document.server.tsx.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const locale = await getLocale(request);
  // The namespaces this render looks up go with the page, for the browser to hydrate with (decision 048).
  const { translate, used } = recording(translateFor(locale));
  const nonce = loadContext.cspNonce ?? "";
  const { body, failed } = await renderDocument(
    <NonceProvider value={nonce}>
      <TranslateProvider value={translate}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </TranslateProvider>
    </NonceProvider>,
    { nonce, timeoutMs: ABORT_DELAY },
  );
  const routeIds = remixContext.staticHandlerContext.matches.map((match) => match.route.id);
  const html = withPageWords(body, pageWordsJson(locale, used, routeIds, routeWords), nonce);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(html, { headers: responseHeaders, status: failed ? 500 : responseStatusCode });
}
