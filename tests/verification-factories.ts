/**
 * Farm verification for tests, through the real models (decision 036): a
 * paper with its photo submitted by the farm, approved by a moderator.
 */
import sharp from "sharp";
import { submitDocument, reviewDocument } from "~/models/verification.server";
import { storeUploadedPhoto } from "~/models/photo.server";
import { documentSchema } from "~/validation/verification";
import { as, createAccount } from "./factories";

/** A fresh upload of the user's: a small white picture standing for a photographed paper. */
export async function uploadPaperPhoto(userId: number): Promise<string> {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#ffffff" } }).png().toBuffer();
  const stored = await storeUploadedPhoto(userId, png);
  if (!stored.ok) throw new Error(stored.error);
  return stored.photo.id;
}

/** The farm's household registration, submitted by its owner and approved by a new moderator: the farm is verified. */
export async function verifyFarm(owner: { id: number; farm: { id: number } }): Promise<void> {
  const input = documentSchema.parse({ kind: "household_registration", number: `XN-${owner.farm.id}`, issuer: "UBND xã" });
  const { id } = await submitDocument(as(owner, ["farmer"]), owner.farm.id, input, await uploadPaperPhoto(owner.id));
  const moderator = await createAccount(["moderator"]);
  await reviewDocument(as(moderator, ["moderator"]), { documentId: id, decision: "approve", reason: "" });
}
