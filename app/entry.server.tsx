import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { I18nextProvider } from "react-i18next";
import { i18nFor } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { renderDocument } from "~/utils/render-document.server";

/**
 * The whole document is rendered to a string, then sent as one body
 * (app/utils/render-document.server.tsx says why not React's stream). No route
 * defers data; a route that does would need streaming, and so React 19
 * (docs/decisions/012-rendering.md).
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const i18n = i18nFor(await getLocale(request));
  const html = renderDocument(
    <I18nextProvider i18n={i18n}>
      <RemixServer context={remixContext} url={request.url} />
    </I18nextProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(html, { headers: responseHeaders, status: responseStatusCode });
}
