/**
 * Required fields carry a star after their label (Field's `required`, drawn by
 * styles.css so that the label's text and the field's accessible name stay the
 * label); once per form, this line says what the star means.
 */
import { useT } from "~/utils/use-t";

export function RequiredLegend() {
  const t = useT();
  return <p className="required-legend">{t("formHelp.requiredLegend")}</p>;
}
