import { Link } from "@remix-run/react";
import { useT } from "~/utils/use-t";

/** A seller page for a farmer who has no farm yet: the page's title and the way to create one. */
export function NoFarm({ title }: { title: string }) {
  const t = useT();
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>{t("sell.noFarm")}</p>
      <Link to="/sell/farm" className="button primary">
        {t("sell.createFarm")}
      </Link>
    </section>
  );
}
