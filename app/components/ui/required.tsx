/**
 * What a form requires, marked before it is submitted: a "*" after the label
 * and, once per form, the line that says what the star means. The star is
 * hidden from screen readers so that the field's name stays its label.
 */
import { useT } from "~/utils/use-t";

export function RequiredMark() {
  return (
    <span className="required-mark" aria-hidden="true">
      {" *"}
    </span>
  );
}

export function RequiredLegend() {
  const t = useT();
  return <p className="required-legend">{t("formHelp.requiredLegend")}</p>;
}
