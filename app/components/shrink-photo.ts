/**
 * Shrinks a photo in the browser before it is uploaded: a phone's 4000 px
 * picture of several megabytes takes half a minute on a slow mobile network,
 * and the server keeps nothing wider than 1200 px anyway (decision 006).
 * Photos over MAX_EDGE on their longest side are redrawn at MAX_EDGE, as WebP
 * (JPEG where the browser cannot write WebP) at quality 0.85; EXIF
 * orientation is applied (and the rest of EXIF, location included, dropped).
 * Anything this cannot read is returned as it was: the server decides.
 * Browser only; without JavaScript the full-size file goes, and is accepted.
 */
export const MAX_EDGE = 1600;
const QUALITY = 0.85;

function encode(canvas: HTMLCanvasElement, type: string): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, QUALITY));
}

export async function shrinkPhoto(file: File, maxEdge = MAX_EDGE): Promise<File> {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return file;
  }
  try {
    const scale = maxEdge / Math.max(bitmap.width, bitmap.height);
    if (scale >= 1) return file;
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext("2d");
    if (!context) return file;
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    let blob = await encode(canvas, "image/webp");
    // Safari answers a WebP request with a PNG: ask for JPEG instead.
    if (blob?.type !== "image/webp") blob = await encode(canvas, "image/jpeg");
    if (!blob || blob.size === 0) return file;
    const name = `${file.name.replace(/\.[^.]*$/, "")}.${blob.type === "image/webp" ? "webp" : "jpg"}`;
    return new File([blob], name, { type: blob.type, lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}
