/**
 * Decodes a QR code from an image (PNG, JPEG or WebP bytes, e.g. a Playwright
 * screenshot of the rendered element) with jsQR, the way a phone's camera
 * would read it. Returns null when no code is found.
 */
import jsQR from "jsqr";
import sharp from "sharp";

export async function decodeQr(image: Uint8Array): Promise<string | null> {
  // A white border keeps the quiet zone the reader needs, whatever was cropped.
  const { data, info } = await sharp(image)
    .flatten({ background: "#ffffff" })
    .extend({ top: 16, bottom: 16, left: 16, right: 16, background: "#ffffff" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const found = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height);
  return found?.data ?? null;
}
