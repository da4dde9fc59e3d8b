/**
 * The helper's compact listing form (/help/list): a household, a product of
 * the taxonomy, quantity, unit, price, harvest window and photos, saved as a
 * listing of that household by the one listing command (createListing, which
 * asks the policy and writes the audit event). The fields are the listing
 * form's own, read by the same schema (app/validation/listing.ts); a title
 * left blank is the product's name. The form carries its own key: a double
 * tap, or a retry after the connection dropped, makes one listing.
 */
import { randomUUID } from "node:crypto";
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { CATEGORY_TREE, type CategorySeed } from "../../db/data/categories";
import { FieldErrors } from "~/models/errors";
import { createListing } from "~/models/listing.server";
import { usablePhotos, type PhotoView } from "~/models/photo.server";
import { DomainError } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { parseId } from "~/validation/ids";
import { listingSchema } from "~/validation/listing";
import { CREATE_KEY } from "./listing-form.server";
import { getLocale } from "./locale.server";
import { readFormWithPhotos } from "./photo-form.server";

export type CompactListingReply =
  | { status: "invalid"; result: SubmissionResult<string[]>; photos: PhotoView[]; createKey: string }
  | { status: "saved"; id: number; farmId: number };

function categoryName(slug: string, locale: string): string | null {
  const find = (nodes: CategorySeed[]): CategorySeed | null => {
    for (const node of nodes) {
      if (node.slug === slug) return node;
      const child = find(node.children ?? []);
      if (child) return child;
    }
    return null;
  };
  const category = find(CATEGORY_TREE);
  return category ? (locale === "en" ? category.nameEn : category.nameVi) : null;
}

/** A title left blank takes the product's name: without a product, the product's error says all. */
function withoutBlankTitleError(result: SubmissionResult<string[]>, titleBlank: boolean): SubmissionResult<string[]> {
  if (!titleBlank || !result.error?.title) return result;
  const { title: _blank, ...error } = result.error;
  return { ...result, error };
}

export async function submitCompactListing(request: Request, actor: Actor): Promise<CompactListingReply> {
  // Photos belong to the helper who uploads them until the listing is saved (listing.server.ts).
  const { formData, photoErrors } = await readFormWithPhotos(request, actor.userId);
  const title = formData.get("title");
  const slug = formData.get("categorySlug");
  const titleBlank = title === null || (typeof title === "string" && title.trim() === "");
  if (titleBlank && typeof slug === "string") {
    const name = categoryName(slug, await getLocale(request));
    if (name) formData.set("title", name);
  }
  const submission = parseWithZod(formData, { schema: listingSchema });
  const farmId = parseId(formData.get("farmId"));
  const photoIds = formData.getAll("photoIds").filter((v): v is string => typeof v === "string");
  const usable = await usablePhotos(actor.userId, photoIds, {});
  if (new Set(photoIds).size > usable.length) photoErrors.push("errors.photos.invalid");
  const keyPosted = formData.get("createKey");
  const createKey = typeof keyPosted === "string" && CREATE_KEY.test(keyPosted) ? keyPosted : null;

  const fieldErrors: Record<string, string[]> = {};
  if (farmId === null) fieldErrors.farmId = ["helpWork.errors.household"];
  if (photoErrors.length) fieldErrors.photos = photoErrors;
  const formErrors = createKey === null ? ["errors.form.tampered"] : [];
  const invalid = (errors: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => ({
    status: "invalid" as const,
    result: withoutBlankTitleError(submission.reply(errors), titleBlank),
    photos: usable,
    // Kept while nothing was made: the same form posted again is still one listing.
    createKey: createKey ?? randomUUID(),
  });
  if (submission.status !== "success" || farmId === null || createKey === null || photoErrors.length) {
    return invalid({ formErrors, fieldErrors });
  }
  try {
    const made = await createListing(actor, farmId, submission.value, createKey);
    return { status: "saved", id: made.id, farmId };
  } catch (error) {
    // Not one of the helper's households, or its consent does not cover listings (any more).
    if (error instanceof DomainError) return invalid({ fieldErrors: { farmId: ["helpWork.errors.household"] } });
    if (error instanceof FieldErrors) {
      const { "": formErrors, ...fields } = error.fieldErrors;
      return invalid({ formErrors, fieldErrors: fields });
    }
    throw error;
  }
}
