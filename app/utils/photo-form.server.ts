/**
 * The upload half of a form with photos: reads the form (form.server.ts),
 * stores each acceptable photo as an unattached upload of the user and adds
 * its id to the form's `photoIds`, so that the form can fail validation
 * elsewhere and still keep the photos. Each refused photo yields its own
 * error key. `uploaded`: the ids of this request's own uploads only.
 */
import { storeUploadedPhoto } from "~/models/photo.server";
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from "~/validation/fields";
import { readFormAndUploads, TooLargeUpload } from "./form.server";

export async function readFormWithPhotos(
  request: Request,
  uploaderId: number,
): Promise<{ formData: FormData; photoErrors: string[]; uploaded: string[] }> {
  const { formData, uploads } = await readFormAndUploads(request, {
    fileField: "photos",
    maxBytes: MAX_PHOTO_BYTES,
    maxFiles: MAX_PHOTOS,
  });
  const photoErrors = new Set<string>();
  const uploaded: string[] = [];
  for (const upload of uploads) {
    if (upload instanceof TooLargeUpload) {
      photoErrors.add("errors.photos.tooLarge");
      continue;
    }
    const result = await storeUploadedPhoto(uploaderId, upload.bytes);
    if (result.ok) {
      formData.append("photoIds", result.photo.id);
      uploaded.push(result.photo.id);
    }
    else photoErrors.add(result.error);
  }
  return { formData, photoErrors: [...photoErrors], uploaded };
}
