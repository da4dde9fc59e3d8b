import { useT } from "~/utils/use-t";
import type { PhotoView } from "~/models/photo.server";
import { describedBy, errorIdOf, FieldErrors, hintIdOf } from "./ui/field";

/**
 * Photos already uploaded (kept as checked boxes, so a form that failed
 * validation keeps them without JavaScript) and an input for more.
 */
export function PhotoPicker({ photos, errors, max, inputId }: { photos: PhotoView[]; errors?: string[]; max: number; inputId: string }) {
  const t = useT();
  const invalid = Boolean(errors?.length);
  return (
    <fieldset className={`photos field${errors?.length ? " field-invalid" : ""}`}>
      <legend>{t("photos.legend")}</legend>
      {photos.length ? (
        <ul className="photo-picker">
          {photos.map((p) => (
            <li key={p.id}>
              <label>
                <img src={p.sm} alt="" width={120} height={90} />
                <span>
                  <input type="checkbox" name="photoIds" value={p.id} defaultChecked /> {t("photos.keep")}
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      <label>
        <span className="field-label">{t("photos.add")}</span>
        <input
          type="file"
          name="photos"
          id={inputId}
          accept="image/jpeg,image/png,image/webp"
          multiple
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy(inputId, { invalid, hint: true })}
        />
      </label>
      <FieldErrors id={errorIdOf(inputId)} errors={errors} />
      <p id={hintIdOf(inputId)} className="field-hint">
        {t("photos.hint", { max })}
      </p>
    </fieldset>
  );
}
