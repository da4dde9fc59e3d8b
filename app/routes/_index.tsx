import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { dictionaryOf } from "~/locales/dictionary";
import { localeOf, titled } from "~/utils/meta";
import { ListingGrid } from "~/components/listing-card";
import { SearchBox } from "~/components/search-box";
import { listingCards } from "~/models/listing.server";
import { listCategories } from "~/models/place.server";
import { useLocale } from "~/utils/root-data";

export const meta: MetaFunction = ({ matches }) => {
  const dict = dictionaryOf(localeOf(matches));
  return titled(`${dict.brand} — ${dict.meta.home}`, dict.meta.homeDescription);
};

export async function loader(_: LoaderFunctionArgs) {
  const [categories, fresh] = await Promise.all([listCategories(), listingCards({ limit: 24 })]);
  return { categories: categories.filter((c) => c.parentSlug === null), fresh };
}

export default function Home() {
  const t = useT();
  const locale = useLocale();
  const { categories, fresh } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        <SearchBox className="hero-search" inputId="home-q" />
      </section>
      {/* High on the page: a farmer reaches "start selling" without scrolling past every listing. */}
      <section className="cta">
        <h2>{t("home.sellTitle")}</h2>
        <p>{t("home.sellLead")}</p>
        <Link to="/signup?role=farmer" className="button">
          {t("home.sellCta")}
        </Link>
      </section>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">{t("home.categories")}</h2>
        <ul className="category-list">
          {categories.map((c) => (
            <li key={c.slug}>
              <Link to={`/search?category=${c.slug}`}>{locale === "en" ? c.nameEn : c.nameVi}</Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="fresh-heading">
        <h2 id="fresh-heading">{t("home.fresh")}</h2>
        <ListingGrid listings={fresh} />
      </section>
    </>
  );
}
