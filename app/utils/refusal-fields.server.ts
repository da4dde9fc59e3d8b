/**
 * A command's refusal as a form shows it: FieldErrors and DomainErrors that
 * name a field go beside that field; other DomainErrors (not found, a right
 * the actor lacks) become the page's refusal (app/utils/actor.server.ts).
 * Anything else is a bug and is thrown on.
 */
import { DomainError } from "~/policy/errors";
import { FieldErrors } from "~/models/errors";
import { refusal } from "./actor.server";

export function refusalFields(error: unknown, fallbackField = ""): Record<string, string[]> {
  if (error instanceof FieldErrors) return error.fieldErrors;
  if (error instanceof DomainError) {
    if (error.kind === "not_found" || (error.kind === "forbidden" && !error.field)) throw refusal(error);
    return { [error.field ?? fallbackField]: [error.formMessage] };
  }
  throw error;
}
