/**
 * Reads a multipart form with photos. A photo over the size limit does not
 * abort the request (that would lose everything else the person typed): its
 * bytes are drained and it comes back as a `TooLargeUpload`, so the form can
 * say so beside the field and keep the rest.
 */
import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";

export class TooLargeUpload {
  constructor(readonly filename: string) {}
}

export type ParsedUpload = { name: string; bytes: Buffer } | TooLargeUpload;

export async function parsePhotoForm(
  request: Request,
  options: { fileField: string; maxBytes: number; maxFiles: number },
): Promise<{ formData: FormData; uploads: ParsedUpload[] }> {
  const uploads: ParsedUpload[] = [];
  const photoHandler: UploadHandler = async ({ name, filename, data }) => {
    if (name !== options.fileField || filename === undefined) return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > options.maxBytes) tooLarge = true;
      else chunks.push(chunk);
    }
    // The part is consumed here; an empty string keeps it out of the form values.
    if (!filename && size === 0) return ""; // an empty file input
    if (uploads.length >= options.maxFiles) return "";
    uploads.push(tooLarge ? new TooLargeUpload(filename) : { name: filename, bytes: Buffer.concat(chunks) });
    return "";
  };
  const formData = await unstable_parseMultipartFormData(
    request,
    unstable_composeUploadHandlers(photoHandler, unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 })),
  );
  return { formData, uploads };
}

/** Reads a form that may or may not be multipart. */
export async function parseMaybePhotoForm(
  request: Request,
  options: { fileField: string; maxBytes: number; maxFiles: number },
): Promise<{ formData: FormData; uploads: ParsedUpload[] }> {
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("multipart/form-data")) return parsePhotoForm(request, options);
  return { formData: await request.formData(), uploads: [] };
}
