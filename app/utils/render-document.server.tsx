/**
 * Renders a whole HTML document, as UTF-8 bytes, for every page the app
 * serves (app/entry.server.tsx).
 *
 * React 18's string renderer, not its streaming one: renderToPipeableStream
 * encodes into a 2 KB buffer and writes NUL bytes where a multi-byte UTF-8
 * character straddles it (react#24985, react#31134; fixed only in React 19),
 * which Vietnamese text hits on almost every page. No route defers data and
 * the document was already sent as one body, so streaming gave nothing.
 * See docs/decisions/012-rendering.md.
 */
import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";

export function renderDocument(element: ReactElement): Buffer {
  // The streaming renderer wrote the doctype itself; the string renderer does not.
  return Buffer.from(`<!DOCTYPE html>${renderToString(element)}`, "utf8");
}
