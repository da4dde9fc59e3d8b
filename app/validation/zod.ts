/**
 * zod as the forms use it: any issue a schema does not name itself gets a
 * message that is an i18n key (errors.form.invalid), so what is shown beside
 * a field is always translated, never zod's English. Schemas import z from
 * here, which makes sure the setting is made wherever a schema is.
 */
import { z } from "zod";

z.config({ customError: () => "errors.form.invalid" });

export { z };
