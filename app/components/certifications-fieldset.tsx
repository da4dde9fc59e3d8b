import { useT } from "~/utils/use-t";
import { CERTIFICATION_TYPES } from "~/validation/choices";
import { describedBy, errorIdOf, FieldErrors } from "./ui/field";

type Row = { type?: string; number?: string; issuer?: string; expiresOn?: string; stars?: string | number | null };

/** A fixed number of certification rows; blank rows are ignored by the schema. */
export function CertificationsFieldset({
  rows,
  count,
  errors,
  controlId,
}: {
  rows: (Row | undefined)[];
  count: number;
  errors: Record<string, string[] | undefined>;
  /** The id of a row's control by its field name (the form's summary links to it). */
  controlId: (name: string) => string;
}) {
  const t = useT();
  const aria = (name: string) => {
    const invalid = Boolean(errors[name]?.length);
    return { id: controlId(name), "aria-invalid": invalid || undefined, "aria-describedby": describedBy(controlId(name), { invalid, hint: false }) };
  };
  const rowErrors = (name: string) => <FieldErrors id={errorIdOf(controlId(name))} errors={errors[name]} />;
  return (
    <fieldset className="certifications-fieldset" id={controlId("certifications")}>
      <legend>{t("certifications.legend")}</legend>
      <FieldErrors id={errorIdOf(controlId("certifications"))} errors={errors.certifications} />
      {Array.from({ length: count }, (_, i) => {
        const row = rows[i] ?? {};
        const name = (f: string) => `certifications[${i}].${f}`;
        return (
          <div className="row" key={i}>
            <label>
              <span className="field-label">{t("certifications.type")}</span>
              <select name={name("type")} {...aria(name("type"))} defaultValue={row.type ?? ""}>
                <option value="">{t("certifications.none")}</option>
                {CERTIFICATION_TYPES.map((c) => (
                  <option key={c} value={c}>
                    {t(`certifications.${c}`)}
                  </option>
                ))}
              </select>
              {rowErrors(name("type"))}
            </label>
            <label>
              <span className="field-label">{t("certifications.numberLabel")}</span>
              <input name={name("number")} {...aria(name("number"))} defaultValue={row.number ?? ""} />
              {rowErrors(name("number"))}
            </label>
            <label>
              <span className="field-label">{t("certifications.issuer")}</span>
              <input name={name("issuer")} {...aria(name("issuer"))} defaultValue={row.issuer ?? ""} />
              {rowErrors(name("issuer"))}
            </label>
            <label>
              <span className="field-label">{t("certifications.expiresOn")}</span>
              <input type="date" name={name("expiresOn")} {...aria(name("expiresOn"))} defaultValue={row.expiresOn ?? ""} />
              {rowErrors(name("expiresOn"))}
            </label>
            <label>
              <span className="field-label">{t("certifications.stars")}</span>
              <select name={name("stars")} {...aria(name("stars"))} defaultValue={row.stars ? String(row.stars) : ""}>
                <option value="">—</option>
                {[1, 2, 3, 4, 5].map((s) => (
                  <option key={s} value={s}>
                    {"★".repeat(s)}
                  </option>
                ))}
              </select>
              {rowErrors(name("stars"))}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}
