/**
 * The action shared by "new listing" and "edit listing": photos first (kept
 * even when the rest fails), then the schema, then one model call. Returns
 * what the form needs to show errors, or the saved listing.
 *
 * An edit form carries its revision in two hidden fields: `version` (the
 * listing's version it showed) and `shown` (a snapshot of what it showed).
 * A save against an older version is refused by the model; the form comes
 * back with the farmer's input merged with the listing as it is now
 * (models/listing-edits.ts), the changes named, and the new revision, so
 * that the next submit saves deliberately. A reply with errors carries the
 * revision it was posted with: a form is never silently moved to a newer
 * version than the values it holds.
 */
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { suggestCategoryNamed } from "~/models/category-suggestion";
import { DomainError } from "~/policy/errors";
import { editedValues, listingSnapshot, parseSnapshot, reconcileStaleEdit } from "~/models/listing-edits";
import { createListing, getFarmListing, updateListing, type ListingDetail } from "~/models/listing.server";
import type { Actor } from "~/policy/policy";
import { usablePhotos, type PhotoView } from "~/models/photo.server";
import { parseId } from "~/validation/ids";
import { listingSchema, type ListingInput } from "~/validation/listing";
import { listingFormValues, type ListingRevision, type StaleNotice } from "./listing-form-values";
import { getLocale } from "./locale.server";
import { readFormWithPhotos } from "./photo-form.server";

export type ListingFormReply =
  | { status: "invalid"; result: SubmissionResult<string[]>; photos: PhotoView[]; revision?: ListingRevision; stale?: StaleNotice }
  | { status: "saved"; id: number; slug: string; state: "draft" | "publish" }
  | { status: "not-found" };

export function listingRevision(listing: ListingDetail): ListingRevision {
  return { version: String(listing.version), shown: JSON.stringify(listingSnapshot(listing)) };
}

export const CREATE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function submitListingForm(
  request: Request,
  seller: { actor: Actor; farmId: number },
  listingId: number | null,
): Promise<ListingFormReply> {
  const { actor, farmId } = seller;
  // Photos belong to whoever uploads them (a helper's, for a household), until the listing is saved.
  const { formData, photoErrors } = await readFormWithPhotos(request, actor.userId);
  const submission = parseWithZod(formData, { schema: listingSchema });
  const photoIds = formData.getAll("photoIds").filter((v): v is string => typeof v === "string");
  const usable = await usablePhotos(actor.userId, photoIds, listingId === null ? {} : { listingId });
  // A kept photo that is not this farmer's to use (a tampered id) is named, not silently dropped.
  if (new Set(photoIds).size > usable.length) photoErrors.push("errors.photos.invalid");
  const posted = listingId === null ? undefined : postedRevision(formData);
  // The new-listing form's key (a hidden value): absent, a plain create; not a key, named as tampered.
  const keyPosted = listingId === null ? formData.get("createKey") : null;
  const createKey = typeof keyPosted === "string" && CREATE_KEY.test(keyPosted) ? keyPosted : null;
  const keyErrors = keyPosted !== null && createKey === null ? ["errors.form.tampered"] : [];

  if (submission.status !== "success" || photoErrors.length || keyErrors.length) {
    const result = submission.reply({ formErrors: keyErrors, fieldErrors: photoErrors.length ? { photos: photoErrors } : {} });
    return { status: "invalid", result: await withSuggestedCategory(request, formData, result), photos: usable, revision: posted };
  }
  try {
    if (listingId === null) {
      const created = await createListing(actor, farmId, submission.value, createKey ?? undefined);
      return { status: "saved", ...created, state: submission.value.intent };
    }
    const version = parseId(posted?.version);
    const outcome =
      version === null
        ? await getFarmListing(farmId, listingId).then((current) => (current ? { ok: false as const, reason: "stale" as const, current } : null))
        : await updateListing(actor, farmId, listingId, submission.value, version);
    if (!outcome || (!outcome.ok && outcome.reason === "not_found")) return { status: "not-found" };
    if (outcome.ok) return { status: "saved", id: outcome.id, slug: outcome.slug, state: submission.value.intent };
    const shown = version === null ? null : parseSnapshot(posted?.shown);
    return staleReply(() => submission.reply(), submission.value, shown, outcome.current, usable);
  } catch (error) {
    // A refusal by the domain (a field the database refused, a right the policy denies) beside its field or above the form.
    if (error instanceof DomainError && (error.kind === "invalid" || error.kind === "forbidden")) {
      return { status: "invalid", result: submission.reply(error.toFormErrors()), photos: usable, revision: posted };
    }
    if (error instanceof DomainError && error.kind === "not_found") return { status: "not-found" };
    throw error;
  }
}

/**
 * Sent without a category: the form comes back with the one its title
 * suggests chosen, and a message asking the farmer to check it (without
 * JavaScript there is no other moment to suggest it).
 */
async function withSuggestedCategory(request: Request, formData: FormData, result: SubmissionResult<string[]>): Promise<SubmissionResult<string[]>> {
  const title = formData.get("title");
  const chosen = formData.get("categorySlug");
  if (typeof title !== "string" || (typeof chosen === "string" && chosen !== "")) return result;
  const suggestion = suggestCategoryNamed(title, await getLocale(request));
  if (!suggestion) return result;
  return {
    ...result,
    initialValue: { ...result.initialValue, categorySlug: suggestion.slug },
    error: { ...result.error, categorySlug: [`formHelp.suggestion|${suggestion.name}`] },
  };
}

function postedRevision(formData: FormData): ListingRevision {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  return { version: text("version"), shown: text("shown") };
}

/** The refused edit shown again: merged values, what changed, the listing's current revision. */
function staleReply(
  reply: () => SubmissionResult<string[]>,
  typed: ListingInput,
  shown: ReturnType<typeof parseSnapshot>,
  current: ListingDetail,
  typedPhotos: PhotoView[],
): ListingFormReply {
  const merge = reconcileStaleEdit(shown, editedValues(typed), listingSnapshot(current));
  const result = reply();
  const now = listingFormValues(current);
  const initialValue: Record<string, unknown> = { ...result.initialValue, stock: String(merge.stock) };
  for (const field of merge.takeCurrent) initialValue[field] = now[field];
  return {
    status: "invalid",
    // The form's own shape (strings, lists of strings, rows of strings): what conform posts.
    result: { ...result, initialValue: initialValue as NonNullable<typeof result.initialValue> },
    photos: merge.takeCurrent.includes("photoIds") ? current.photos : typedPhotos,
    revision: listingRevision(current),
    stale: { changes: merge.changes, unit: current.unit, stock: merge.stock, unknownOrigin: shown === null },
  };
}
