import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/utils/meta";
import { ListingGrid } from "~/components/listing-card";
import { browseListings } from "~/models/listing.server";
import { listCategories } from "~/models/place.server";
import { useLocale } from "~/utils/root-data";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "search");

// A plain browse by words and category. The Vietnamese search engine
// (diacritic-insensitive, synonyms, facets) replaces this in its own issue.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().normalize("NFC").slice(0, 100);
  const category = url.searchParams.get("category") ?? "";
  const categories = await listCategories();
  const slugs = categories.filter((c) => c.slug === category || c.parentSlug === category).map((c) => c.slug);
  const listings = await browseListings({ q, categorySlugs: slugs, limit: 60 });
  return { q, category, categories: categories.filter((c) => c.parentSlug === null), listings };
}

export default function Search() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { q, category, categories, listings } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{q ? t("search.resultsFor", { q }) : t("search.title")}</h1>
      <form method="get" className="hero-search" role="search">
        <input type="search" name="q" defaultValue={q} aria-label={t("search.label")} placeholder={t("search.placeholder")} />
        {category ? <input type="hidden" name="category" value={category} /> : null}
        <button type="submit" className="button primary">
          {t("search.submit")}
        </button>
      </form>
      <nav className="filters" aria-label={t("search.categories")}>
        <Link to={q ? `/search?q=${encodeURIComponent(q)}` : "/search"} aria-current={!category ? "page" : undefined}>
          {t("search.allCategories")}
        </Link>
        {categories.map((c) => (
          <Link
            key={c.slug}
            to={`/search?${new URLSearchParams({ ...(q ? { q } : {}), category: c.slug })}`}
            aria-current={category === c.slug ? "page" : undefined}
          >
            {locale === "en" ? c.nameEn : c.nameVi}
          </Link>
        ))}
      </nav>
      <ListingGrid listings={listings} />
    </section>
  );
}
