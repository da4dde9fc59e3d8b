import { useT } from "~/utils/use-t";
import { CERTIFICATION_TYPES } from "~/validation/fields";
import { FieldErrors } from "./ui/field";

type Row = { type?: string; number?: string; issuer?: string; expiresOn?: string; stars?: string | number | null };

/** A fixed number of certification rows; blank rows are ignored by the schema. */
export function CertificationsFieldset({
  rows,
  count,
  errors,
}: {
  rows: (Row | undefined)[];
  count: number;
  errors: Record<string, string[] | undefined>;
}) {
  const t = useT();
  return (
    <fieldset className="certifications-fieldset">
      <legend>{t("certifications.legend")}</legend>
      <FieldErrors errors={errors.certifications} />
      {Array.from({ length: count }, (_, i) => {
        const row = rows[i] ?? {};
        const name = (f: string) => `certifications[${i}].${f}`;
        return (
          <div className="row" key={i}>
            <label>
              <span className="field-label">{t("certifications.type")}</span>
              <select name={name("type")} defaultValue={row.type ?? ""}>
                <option value="">{t("certifications.none")}</option>
                {CERTIFICATION_TYPES.map((c) => (
                  <option key={c} value={c}>
                    {t(`certifications.${c}`)}
                  </option>
                ))}
              </select>
              <FieldErrors errors={errors[name("type")]} />
            </label>
            <label>
              <span className="field-label">{t("certifications.numberLabel")}</span>
              <input name={name("number")} defaultValue={row.number ?? ""} />
              <FieldErrors errors={errors[name("number")]} />
            </label>
            <label>
              <span className="field-label">{t("certifications.issuer")}</span>
              <input name={name("issuer")} defaultValue={row.issuer ?? ""} />
              <FieldErrors errors={errors[name("issuer")]} />
            </label>
            <label>
              <span className="field-label">{t("certifications.expiresOn")}</span>
              <input type="date" name={name("expiresOn")} defaultValue={row.expiresOn ?? ""} />
              <FieldErrors errors={errors[name("expiresOn")]} />
            </label>
            <label>
              <span className="field-label">{t("certifications.stars")}</span>
              <select name={name("stars")} defaultValue={row.stars ? String(row.stars) : ""}>
                <option value="">—</option>
                {[1, 2, 3, 4, 5].map((s) => (
                  <option key={s} value={s}>
                    {"★".repeat(s)}
                  </option>
                ))}
              </select>
              <FieldErrors errors={errors[name("stars")]} />
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}
