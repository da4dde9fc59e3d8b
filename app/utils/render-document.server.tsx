/**
 * Renders a whole HTML document, as UTF-8 bytes, for every page the app
 * serves (app/entry.server.tsx).
 *
 * Through React's Node renderer (renderToPipeableStream), with one fix of
 * ours: React 18 encodes into a 2 KB buffer and, where a multi-byte UTF-8
 * letter did not fit at its end, sent the whole buffer, unused bytes and all —
 * NUL bytes in the page (react#24985, react#31134; fixed in React 19), which
 * Vietnamese text hits on almost every page. patches/react-dom+18.3.1.patch
 * sends only the bytes written, as React 19 does; patch-package applies it on
 * every install. Until 2026-12-03 the app used the web-streams renderer
 * (react-dom/server.browser) to avoid the bug, which encodes every small
 * string into a new array: ~7 % of a page's CPU (docs/decisions/047).
 * It still streams, which Remix's single fetch needs: loader data reaches the
 * browser in scripts that React writes as Suspense boundaries resolve (the
 * string renderer would leave them out and the page would never hydrate).
 * See docs/decisions/012-rendering.md.
 */
import { Writable } from "node:stream";
import type { ReactElement } from "react";
import { renderToPipeableStream } from "react-dom/server";

export type RenderedDocument = { body: Uint8Array<ArrayBuffer>; failed: boolean };

/** Keeps what React writes; never asks React to wait (the document is held whole anyway). */
class Collector extends Writable {
  readonly chunks: Uint8Array[] = [];
  length = 0;
  constructor() {
    // Not closed after "finish": React listens for "close" and, hearing it, ends its destination a
    // second time, which makes (and drops) an error with its stack on every page. React still
    // destroys the collector when it fails, and that emits "close".
    super({ highWaterMark: 64 * 1024 * 1024, autoDestroy: false });
  }
  override _write(chunk: Uint8Array, _encoding: BufferEncoding, done: () => void) {
    this.chunks.push(chunk);
    this.length += chunk.byteLength;
    done();
  }
  body(): Uint8Array<ArrayBuffer> {
    const body = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      body.set(chunk, at);
      at += chunk.byteLength;
    }
    return body;
  }
}

/**
 * The whole document, once everything has rendered (no route defers data, so
 * nothing is gained by sending the start early; docs/decisions/011-search-speed.md).
 * `failed` when a part failed after the start rendered (the page is then a 500);
 * rejects when the start itself fails. `nonce` goes on the scripts React writes.
 */
export function renderDocument(element: ReactElement, options: { nonce?: string; timeoutMs?: number } = {}): Promise<RenderedDocument> {
  return renderDocumentWith(renderToPipeableStream, element, options);
}

/** renderDocument with a given build of React's Node renderer (the tests pass the production one). */
export function renderDocumentWith(
  render: typeof renderToPipeableStream,
  element: ReactElement,
  options: { nonce?: string; timeoutMs?: number } = {},
): Promise<RenderedDocument> {
  return new Promise((resolve, reject) => {
    let failed = false;
    let shellRendered = false;
    let settled = false;
    // Set once the render has started; settling may come first (a start that fails at once).
    const timeout: { timer?: ReturnType<typeof setTimeout> } = {};
    const settle = (then: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout.timer);
      then();
    };
    const collector = new Collector();
    collector.on("finish", () => settle(() => resolve({ body: collector.body(), failed })));
    // React destroys its destination when it fails after the start: no "finish" then.
    collector.on("error", (error) => settle(() => reject(error)));
    collector.on("close", () => settle(() => reject(new Error("The page's render stopped before it was whole"))));
    const stream = render(element, {
      nonce: options.nonce,
      onShellReady() {
        shellRendered = true;
      },
      onShellError(error: unknown) {
        // Errors in the start reject; Remix reports them.
        settle(() => reject(error));
      },
      onAllReady() {
        stream.pipe(collector);
      },
      onError(error: unknown) {
        failed = true;
        if (shellRendered) console.error(error);
      },
    });
    // Aborting makes the parts still waiting render as their fallbacks (failed), and onAllReady
    // follows. A start still waiting has no fallback: React 18 then just closes, calling nothing.
    if (settled) return;
    timeout.timer = setTimeout(() => {
      const tooLong = new Error("The page took too long to render");
      stream.abort(tooLong);
      if (!shellRendered) settle(() => reject(tooLong));
    }, options.timeoutMs ?? 5_000);
  });
}
