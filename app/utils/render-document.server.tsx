/**
 * Renders a whole HTML document, as UTF-8 bytes, for every page the app
 * serves (app/entry.server.tsx).
 *
 * Through React's web-streams renderer (react-dom/server.browser), not its
 * Node one: React 18's renderToPipeableStream encodes into a 2 KB buffer and
 * writes NUL bytes where a multi-byte UTF-8 character straddles it
 * (react#24985, react#31134; fixed only in React 19), which Vietnamese text
 * hits on almost every page. The web-streams build encodes whole strings and
 * copies bytes, so nothing is lost at a boundary. It still streams, which
 * Remix's single fetch needs: loader data reaches the browser in scripts
 * that React writes as Suspense boundaries resolve (the string renderer
 * would leave them out and the page would never hydrate).
 * See docs/decisions/012-rendering.md.
 */
import type { ReactElement } from "react";
import { renderToReadableStream } from "react-dom/server.browser";

export type RenderedDocument = { body: Uint8Array<ArrayBuffer>; failed: boolean };

/**
 * The whole document, once everything has rendered (no route defers data, so
 * nothing is gained by sending the start early; docs/decisions/011-search-speed.md).
 * `failed` when a part failed after the start rendered (the page is then a 500);
 * rejects when the start itself fails. `nonce` goes on the scripts React writes.
 */
export async function renderDocument(
  element: ReactElement,
  options: { nonce?: string; timeoutMs?: number } = {},
): Promise<RenderedDocument> {
  let failed = false;
  let shellRendered = false;
  // Aborts only while rendering: React throws when told to abort a stream it has already closed.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error("The page took too long to render")), options.timeoutMs ?? 5_000);
  try {
    const stream = await renderToReadableStream(element, {
      nonce: options.nonce,
      signal: abort.signal,
      onError(error: unknown) {
        failed = true;
        // Errors in the start reject renderToReadableStream; Remix reports them.
        if (shellRendered) console.error(error);
      },
    });
    shellRendered = true;
    await stream.allReady;
    const body = new Uint8Array(await new Response(stream).arrayBuffer());
    return { body, failed };
  } finally {
    clearTimeout(timer);
  }
}
