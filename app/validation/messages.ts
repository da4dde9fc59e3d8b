/**
 * Buyer–farm messages (decision 041): the one field of the forms. The model
 * (app/models/conversation.server.ts messageText) applies the same rules to
 * any caller: NFC, 1..2000 characters, no control characters.
 */
import { z } from "~/validation/zod";
import { parseId } from "./ids";

export const MAX_MESSAGE_LENGTH = 2000;

export const messageSchema = z.object({
  body: z
    .string({ error: "errors.message.required" })
    .trim()
    .min(1, "errors.message.required")
    .max(MAX_MESSAGE_LENGTH, "errors.message.tooLong")
    .transform((v) => v.normalize("NFC")),
});

/** What a new conversation is about, from the address: ?listing=12 or ?order=34 (exactly one). */
export function parseConversationSubject(params: URLSearchParams): { listingId: number } | { orderId: number } | null {
  const listing = params.get("listing");
  const order = params.get("order");
  if ((listing === null) === (order === null)) return null;
  const id = parseId(listing ?? order);
  if (id === null) return null;
  return listing !== null ? { listingId: id } : { orderId: id };
}
