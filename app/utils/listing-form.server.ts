/**
 * The action shared by "new listing" and "edit listing": photos first (kept
 * even when the rest fails), then the schema, then one model call. Returns
 * what the form needs to show errors, or the saved listing.
 */
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { FieldErrors } from "~/models/errors";
import { createListing, updateListing } from "~/models/listing.server";
import { usablePhotos, type PhotoView } from "~/models/photo.server";
import { listingSchema } from "~/validation/listing";
import { readFormWithPhotos } from "./photo-form.server";

export type ListingFormReply =
  | { status: "invalid"; result: SubmissionResult<string[]>; photos: PhotoView[] }
  | { status: "saved"; id: number; slug: string; state: "draft" | "publish" }
  | { status: "not-found" };

export async function submitListingForm(
  request: Request,
  farmerId: number,
  listingId: number | null,
): Promise<ListingFormReply> {
  const { formData, photoErrors } = await readFormWithPhotos(request, farmerId);
  const submission = parseWithZod(formData, { schema: listingSchema });
  const photoIds = formData.getAll("photoIds").filter((v): v is string => typeof v === "string");
  const usable = await usablePhotos(farmerId, photoIds, listingId === null ? {} : { listingId });
  // A kept photo that is not this farmer's to use (a tampered id) is named, not silently dropped.
  if (new Set(photoIds).size > usable.length) photoErrors.push("errors.photos.invalid");

  if (submission.status !== "success" || photoErrors.length) {
    return {
      status: "invalid",
      result: submission.reply({ fieldErrors: photoErrors.length ? { photos: photoErrors } : {} }),
      photos: usable,
    };
  }
  try {
    const saved =
      listingId === null
        ? await createListing(farmerId, submission.value)
        : await updateListing(farmerId, listingId, submission.value);
    if (!saved) return { status: "not-found" };
    return { status: "saved", ...saved, state: submission.value.intent };
  } catch (error) {
    if (error instanceof FieldErrors) {
      const { "": formErrors, ...fieldErrors } = error.fieldErrors;
      return { status: "invalid", result: submission.reply({ formErrors, fieldErrors }), photos: usable };
    }
    throw error;
  }
}
