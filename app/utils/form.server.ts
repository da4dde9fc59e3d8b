/**
 * The one way an action reads its form (docs/decisions/014-form-input.md).
 *
 * - Only form bodies are read: `application/x-www-form-urlencoded`, or
 *   `multipart/form-data` with its boundary. Anything else (JSON, plain
 *   text, no content type) is answered 415, a body that cannot be parsed
 *   400, a body over the limit 413, each with a page that says so, never a 500.
 * - Every text value is normalised (app/validation/text.ts) before a schema
 *   sees it: NFC, "\n" line breaks, no control characters but newline and tab.
 * - A multipart text part over MAX_TEXT_PART_BYTES is cut there rather than
 *   aborting the request: every text field's schema has a smaller maximum,
 *   so the field is refused by name ("too long") and the rest is kept.
 * - Files are read only from the photo field the caller names; a photo over
 *   its size limit is drained and comes back as a `TooLargeUpload`, so that
 *   the form can say so beside the field. Files in any other field are
 *   dropped unread.
 */
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { normalizeText } from "~/validation/text";

/** A whole url-encoded body, or all the text parts of a multipart one. */
export const MAX_FORM_BYTES = 1024 * 1024;
/** How much of a body over the limit is still read, and dropped. */
const DRAIN_BYTES = 16 * 1024 * 1024;
/** One text part of a multipart body; far above any field's own maximum. */
export const MAX_TEXT_PART_BYTES = 64 * 1024;

export class TooLargeUpload {
  constructor(readonly filename: string) {}
}

export type ParsedUpload = { name: string; bytes: Buffer } | TooLargeUpload;

export type PhotoFieldOptions = { fileField: string; maxBytes: number; maxFiles: number };

/** Why a body is not read; thrown as a Response, so the page says it (root ErrorBoundary). */
export function formRefused(status: 400 | 413 | 415): Response {
  const reason = { 400: "The form could not be read.", 413: "The form is too large.", 415: "Not a form." }[status];
  return new Response(reason, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

class FormTooLarge extends Error {}

export async function readForm(request: Request): Promise<FormData> {
  return (await readFormAndUploads(request)).formData;
}

export async function readFormAndUploads(
  request: Request,
  photos?: PhotoFieldOptions,
): Promise<{ formData: FormData; uploads: ParsedUpload[] }> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  let raw: FormData;
  const uploads: ParsedUpload[] = [];
  try {
    if (type.startsWith("application/x-www-form-urlencoded")) raw = await readUrlEncoded(request);
    else if (type.startsWith("multipart/form-data")) raw = await readMultipart(request, photos, uploads);
    else throw formRefused(415);
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof FormTooLarge) throw formRefused(413);
    // A broken body: no boundary, a truncated part, bytes that are not a form.
    throw formRefused(400);
  }
  const formData = new FormData();
  for (const [name, value] of raw) {
    formData.append(normalizeText(name), typeof value === "string" ? normalizeText(value) : value);
  }
  return { formData, uploads };
}

async function readUrlEncoded(request: Request): Promise<FormData> {
  const bytes = await readAtMost(request.body, MAX_FORM_BYTES);
  const formData = new FormData();
  for (const [name, value] of new URLSearchParams(new TextDecoder().decode(bytes))) formData.append(name, value);
  return formData;
}

async function readAtMost(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    // Past the limit the rest is read and dropped (up to a bound), so that the
    // client, still sending, gets the 413 page instead of a reset connection.
    if (size > max + DRAIN_BYTES) break;
    if (size <= max) chunks.push(chunk);
  }
  if (size > max) throw new FormTooLarge();
  return Buffer.concat(chunks);
}

async function readMultipart(request: Request, photos: PhotoFieldOptions | undefined, uploads: ParsedUpload[]): Promise<FormData> {
  let textBytes = 0;
  // All that is read, kept or drained: what the form may hold, its photos, and the drain allowance.
  // Past it the body is refused, however its parts are cut (a file in a field that takes none is drained too).
  const maxBody = MAX_FORM_BYTES + (photos ? photos.maxBytes * photos.maxFiles : 0) + DRAIN_BYTES;
  let bodyBytes = 0;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    const isPhoto = photos !== undefined && name === photos.fileField && filename !== undefined;
    const limit = filename === undefined ? MAX_TEXT_PART_BYTES : isPhoto ? photos.maxBytes : 0;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      bodyBytes += chunk.byteLength;
      if (bodyBytes > maxBody) throw new FormTooLarge();
      if (size < limit) chunks.push(chunk.subarray(0, limit - size));
      size += chunk.byteLength;
    }
    if (filename === undefined) {
      const kept = Buffer.concat(chunks);
      textBytes += kept.byteLength;
      if (textBytes > MAX_FORM_BYTES) throw new FormTooLarge();
      return new TextDecoder().decode(kept);
    }
    // Every file part comes back as "": an empty value, whatever the field.
    if (!isPhoto || (!filename && size === 0) || uploads.length >= photos.maxFiles) return "";
    uploads.push(size > photos.maxBytes ? new TooLargeUpload(filename) : { name: filename, bytes: Buffer.concat(chunks) });
    return "";
  };
  const formData = await unstable_parseMultipartFormData(request, handler);
  // Photos were consumed as "": they are not form values.
  if (photos) formData.delete(photos.fileField);
  return formData;
}
