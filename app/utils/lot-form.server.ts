/**
 * Reading the lot forms and wording their refusals: a harvest inside a
 * spray's interval (PhiRefusal) is told with its reason — the active
 * ingredient, the spray's date, the days required and the earliest allowed
 * date — in the reader's language, beside the field it concerns.
 */
import { PhiRefusal } from "~/models/lot.server";
import { formatDate, type Locale } from "./i18n";
import { i18nFor } from "./i18n.server";
import { refusalFields } from "./refusal-fields.server";

export function lotRefusalFields(error: unknown, locale: Locale): Record<string, string[]> {
  if (error instanceof PhiRefusal) {
    const v = error.violation;
    const detail = i18nFor(locale).t("lots.phiDetail", {
      ingredient: v.name,
      appliedOn: formatDate(v.appliedOn, locale),
      days: v.days,
      earliest: formatDate(v.earliest, locale),
    });
    return { [error.field!]: [`errors.lot.phi|${detail}`] };
  }
  return refusalFields(error);
}
