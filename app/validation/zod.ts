/**
 * zod as the forms use it. Schemas import z from here, which makes sure the
 * settings are made wherever a schema is:
 * - any issue a schema does not name itself gets a message that is an i18n
 *   key (errors.form.invalid), so what is shown beside a field is always
 *   translated, never zod's English;
 * - no compiled fast path: on the first object schema zod probes for eval
 *   with `new Function("")`, which our Content-Security-Policy (no
 *   'unsafe-eval', docs/decisions/013-security-headers.md) blocks and reports
 *   as a violation on every page that builds a schema.
 */
import { z } from "zod";

z.config({ jitless: true, customError: () => "errors.form.invalid" });

export { z };
