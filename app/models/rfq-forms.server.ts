/** The accept form's lines, read from "quantity.<quote id>" and "version.<quote id>" (decision 030). */
import { parseQuantityInput } from "~/validation/fields";
import { parseId } from "~/validation/ids";
import type { AcceptanceLine } from "./rfq.server";

export function readAcceptance(formData: FormData): { lines: AcceptanceLine[]; fieldErrors: Record<string, string[]> } {
  const lines: AcceptanceLine[] = [];
  const fieldErrors: Record<string, string[]> = {};
  for (const [name, value] of formData.entries()) {
    const match = /^quantity\.(\d{1,10})$/.exec(name);
    if (!match || typeof value !== "string" || !value.trim()) continue;
    const quoteId = parseId(match[1]);
    const seenVersion = parseId(formData.get(`version.${match[1]}`));
    const quantity = parseQuantityInput(value);
    if (quoteId === null || seenVersion === null) fieldErrors.quotes = ["errors.form.tampered"];
    else if (quantity === null || quantity <= 0) fieldErrors[name] = ["errors.quantity.notNumber"];
    else lines.push({ quoteId, quantity, seenVersion });
  }
  return { lines, fieldErrors };
}
