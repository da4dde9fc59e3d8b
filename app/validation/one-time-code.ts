/**
 * The one-time code field. Browser-safe: shared by the forms that ask for a
 * code and by app/models/one-time-code.server.ts. Messages are i18n keys.
 */
import { z } from "./zod";

export const CODE_DIGITS = 6;

/** What a person typed ("123 456", "123-456") → "123456"; null when it is not 6 digits. */
export function normalizeCode(input: string): string | null {
  const digits = input.replace(/[\s.-]/g, "");
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(digits) ? digits : null;
}

/** For a form's `code` field: the 6 digits, or the error errors.code.format. */
export const oneTimeCodeField = z
  .string({ error: "errors.code.format" })
  .max(40, "errors.code.format")
  .transform((value, ctx) => {
    const code = normalizeCode(value);
    if (code === null) {
      ctx.addIssue({ code: "custom", message: "errors.code.format" });
      return z.NEVER;
    }
    return code;
  });
