/**
 * Text as the server keeps it. Every value read from a form passes through
 * normalizeText before any schema sees it (app/utils/form.server.ts), so no
 * schema, model or table has to think about it again. Browser-safe.
 *
 * - line breaks become "\n" (browsers send "\r\n" from a textarea);
 * - control characters other than newline and tab are removed: C0 (among
 *   them NUL, which PostgreSQL refuses in text), DEL and C1. Nobody types
 *   them; they arrive pasted from other programs or from tampered requests;
 * - the result is in Unicode NFC, so "ế" typed on any keyboard is one
 *   sequence of code points and compares, searches and counts as one.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function normalizeText(value: string): string {
  return value.replace(/\r\n?/g, "\n").replace(CONTROLS, "").normalize("NFC");
}

