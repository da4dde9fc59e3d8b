import type { Category } from "~/models/place.server";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";

/** The taxonomy as a select's options: a blank choice, then each group with its kinds (or the group alone). */
export function CategoryOptions({ categories }: { categories: Category[] }) {
  const t = useT();
  const locale = useLocale();
  const name = (c: Category) => (locale === "en" ? c.nameEn : c.nameVi);
  return (
    <>
      <option value="">{t("listingForm.chooseCategory")}</option>
      {categories
        .filter((c) => c.parentSlug === null)
        .map((g) => {
          const children = categories.filter((c) => c.parentSlug === g.slug);
          return children.length ? (
            <optgroup key={g.slug} label={name(g)}>
              {children.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {name(c)}
                </option>
              ))}
            </optgroup>
          ) : (
            <option key={g.slug} value={g.slug}>
              {name(g)}
            </option>
          );
        })}
    </>
  );
}
