import { getSelectProps, type FieldMetadata } from "@conform-to/react";
import { useEffect, useState } from "react";
import { useT } from "~/utils/use-t";
import type { Commune, Province } from "~/models/place.server";
import { Field } from "./ui/field";

/**
 * Province, then commune/ward of the 2025 list. With JavaScript the communes
 * load when the province changes; without it, a "show communes" button posts
 * the form (intent=pick-province) and the action answers with them.
 */
export function ProvinceCommuneFields({
  province,
  commune,
  provinces,
  communes: initialCommunes,
  communesFromAction,
}: {
  province: FieldMetadata<string>;
  commune: FieldMetadata<string>;
  provinces: Province[];
  communes: Commune[];
  communesFromAction?: Commune[];
}) {
  const t = useT();
  const [communes, setCommunes] = useState<Commune[]>(communesFromAction ?? initialCommunes);
  const [provinceCode, setProvinceCode] = useState(String(province.initialValue ?? ""));
  useEffect(() => {
    if (communesFromAction) setCommunes(communesFromAction);
  }, [communesFromAction]);
  useEffect(() => {
    if (!provinceCode || communes.length) return;
    const controller = new AbortController();
    fetch(`/api/v1/provinces/${provinceCode}/communes`, { signal: controller.signal })
      .then((r) => (r.ok ? r.json() : { communes: [] }))
      .then((data: { communes: Commune[] }) => setCommunes(data.communes))
      .catch(() => {});
    return () => controller.abort();
  }, [provinceCode, communes.length]);

  return (
    <>
      <Field required label={t("farmForm.province")} errors={province.errors}>
        <select
          {...getSelectProps(province)}
          onChange={(e) => {
            setCommunes([]);
            setProvinceCode(e.currentTarget.value);
          }}
        >
          <option value="">{t("farmForm.chooseProvince")}</option>
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <noscript>
        <button type="submit" name="intent" value="pick-province" formNoValidate className="button">
          {t("farmForm.showCommunes")}
        </button>
      </noscript>
      <Field required label={t("farmForm.commune")} errors={commune.errors}>
        <select {...getSelectProps(commune)} key={communes.map((c) => c.code).join()}>
          <option value="">{t("farmForm.chooseCommune")}</option>
          {communes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
