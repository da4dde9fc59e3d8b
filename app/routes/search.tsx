import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useT } from "~/utils/use-t";
import { cardOf, ListingGrid } from "~/components/listing-card";
import { plainLink, usePlainLinks } from "~/components/plain-links";
import { SearchBox, takeSearchSubmitted } from "~/components/search-box";
import { useFilterSubmit } from "~/components/filter-submit";
import { listCategories, listProvinces } from "~/models/place.server";
import { PROVINCE_CENTRES } from "~/search/geo";
import { RELEVANCE_LIMIT, SORTS } from "~/search/port";
import { searchListings } from "~/search/search.server";
import { formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { CERTIFICATION_TYPES, MIN_RATINGS } from "~/validation/choices";
import { parseSearchParams, toSearchQuery, type SearchParams } from "~/validation/search";
import { searchHref } from "~/validation/search-href";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "search");

export async function loader({ request }: LoaderFunctionArgs) {
  const params = parseSearchParams(new URL(request.url).searchParams);
  const [result, categories, provinces] = await Promise.all([
    searchListings(toSearchQuery(params, PROVINCE_CENTRES)),
    listCategories(),
    listProvinces(),
  ]);
  // The page shows cards, not whole hits (see cardOf).
  return { params, result: { ...result, hits: result.hits.map(cardOf) }, categories, provinces };
}

export default function Search() {
  const t = useT();
  const locale = useLocale();
  const filterSubmit = useFilterSubmit();
  // The quick filters and the pages are plain links (components/plain-links.tsx), navigated in the page.
  const followLinks = usePlainLinks();
  const location = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  // After a search typed in a search box, the focus goes to the results' heading (not left on the box, nor lost at the top).
  useEffect(() => {
    if (takeSearchSubmitted()) heading.current?.focus();
  }, [location.key]);
  const { params, result, categories, provinces } = useLoaderData<typeof loader>();
  const groups = categories.filter((c) => c.parentSlug === null);
  const name = (c: { nameVi: string; nameEn: string }) => (locale === "en" ? c.nameEn : c.nameVi);
  const categoryCount = (slug: string) =>
    categories.filter((c) => c.slug === slug || c.parentSlug === slug).reduce((n, c) => n + (result.facets.category[c.slug] ?? 0), 0);
  const provinceName = (code: string) => provinces.find((p) => p.code === code)?.name ?? code;
  const provinceFacet = Object.entries(result.facets.province).sort((a, b) => b[1] - a[1]);
  const selectedGroup = groups.find((g) => g.slug === params.category || categories.some((c) => c.slug === params.category && c.parentSlug === g.slug));
  const ranked = params.sort === "relevance" && params.q.trim() !== "";
  const pages = Math.max(1, Math.ceil(Math.min(result.total, ranked ? RELEVANCE_LIMIT : Infinity) / result.perPage));
  const activeFilters = [params.category, params.province, params.cert, params.min ?? params.max, params.stock, params.bulk, params.verified, params.near, params.rating].filter(
    (v) => v !== undefined,
  ).length;
  const keep = (p: SearchParams) => ({
    category: p.category, province: p.province, cert: p.cert, min: p.min?.toString(), max: p.max?.toString(),
    stock: p.stock, bulk: p.bulk, verified: p.verified, rating: p.rating?.toString(), sort: p.sort === "relevance" ? undefined : p.sort, near: p.near,
  });

  return (
    <section className="search-page">
      <h1 ref={heading} tabIndex={-1}>{params.q ? t("search.resultsFor", { q: params.q }) : t("search.title")}</h1>
      <SearchBox className="hero-search" inputId="search-q" defaultValue={params.q} hidden={keep(params)} />
      {result.partial ? (
        <p className="notice" role="status">
          {t("searchWords.partial")}
        </p>
      ) : null}
      {result.correctedQuery ? (
        <p className="notice" role="status">
          {t("search.corrected", { q: result.correctedQuery })}
        </p>
      ) : null}

      <div className="search-layout">
        <aside className="facets" aria-label={t("search.filters")}>
          {/* Folded on phones so the results come first (no JavaScript needed); always open beside them on wide screens (CSS). */}
          <details className="filters-panel">
            <summary>{activeFilters ? t("searchFilters.summaryActive", { count: activeFilters }) : t("searchFilters.summary")}</summary>
            <form method="get" action="/search" {...filterSubmit} className="stack">
              <input type="hidden" name="q" value={params.q} />
              <label>
                <span className="field-label">{t("search.category")}</span>
                <select name="category" defaultValue={params.category ?? ""}>
                  <option value="">{t("search.allCategories")}</option>
                  {groups.map((g) => (
                    <optgroup key={g.slug} label={name(g)}>
                      <option value={g.slug}>
                        {t("search.wholeGroup", { name: name(g) })} ({categoryCount(g.slug)})
                      </option>
                      {categories
                        .filter((c) => c.parentSlug === g.slug)
                        .map((c) => (
                          <option key={c.slug} value={c.slug}>
                            {name(c)} ({result.facets.category[c.slug] ?? 0})
                          </option>
                        ))}
                    </optgroup>
                  ))}
                </select>
              </label>
              <label>
                <span className="field-label">{t("search.province")}</span>
                <select name="province" defaultValue={params.province ?? ""}>
                  <option value="">{t("search.allProvinces")}</option>
                  {provinces.map((p) => (
                    <option key={p.code} value={p.code}>
                      {p.name} ({result.facets.province[p.code] ?? 0})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span className="field-label">{t("search.certification")}</span>
                <select name="cert" defaultValue={params.cert ?? ""}>
                  <option value="">{t("search.anyCertification")}</option>
                  {CERTIFICATION_TYPES.map((c) => (
                    <option key={c} value={c}>
                      {t(`certifications.${c}`)} ({result.facets.cert[c] ?? 0})
                    </option>
                  ))}
                </select>
              </label>
              <fieldset className="row">
                <legend>{t("search.price")}</legend>
                <label>
                  <span className="field-label">{t("search.minPrice")}</span>
                  <input type="number" name="min" min={0} step={500} defaultValue={params.min ?? ""} inputMode="numeric" />
                </label>
                <label>
                  <span className="field-label">{t("search.maxPrice")}</span>
                  <input type="number" name="max" min={0} step={500} defaultValue={params.max ?? ""} inputMode="numeric" />
                </label>
              </fieldset>
              <label className="choice">
                <input type="checkbox" name="stock" value="1" defaultChecked={params.stock === "1"} /> {t("search.inStock")}
              </label>
              <label className="choice">
                <input type="checkbox" name="bulk" value="1" defaultChecked={params.bulk === "1"} /> {t("search.bulk")}
              </label>
              <label className="choice">
                <input type="checkbox" name="verified" value="1" defaultChecked={params.verified === "1"} /> {t("farmVerification.verifiedOnly")} ({result.facets.verified})
              </label>
              <label>
                <span className="field-label">{t("reviews.minRating")}</span>
                <select name="rating" defaultValue={params.rating?.toString() ?? ""}>
                  <option value="">{t("reviews.anyRating")}</option>
                  {MIN_RATINGS.map((r) => (
                    <option key={r} value={r}>
                      {t("reviews.atLeast", { stars: r })}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span className="field-label">{t("search.sort")}</span>
                <select name="sort" defaultValue={params.sort}>
                  {SORTS.map((s) => (
                    <option key={s} value={s}>
                      {t(`search.sorts.${s}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span className="field-label">{t("search.near")}</span>
                <select name="near" defaultValue={params.near ?? ""}>
                  <option value="">—</option>
                  {provinces.map((p) => (
                    <option key={p.code} value={p.code}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="button">
                {t("search.apply")}
              </button>
            </form>
          </details>
        </aside>

        <div className="results" onClick={followLinks}>
          <p className="result-count" role="status">
            {t("search.count", { count: result.total })}
            {params.min !== undefined || params.max !== undefined
              ? ` · ${params.min !== undefined ? formatVnd(params.min, locale) : "0"} – ${params.max !== undefined ? formatVnd(params.max, locale) : "…"}`
              : ""}
          </p>
          <nav className="filters" aria-label={t("search.quickFilters")}>
            {selectedGroup ? (
              <a {...plainLink(searchHref(params, { category: undefined }))} className="active-filter">
                {name(selectedGroup)} ✕
              </a>
            ) : (
              groups
                .filter((g) => categoryCount(g.slug) > 0)
                .map((g) => (
                  <a key={g.slug} {...plainLink(searchHref(params, { category: g.slug }))}>
                    {name(g)} ({categoryCount(g.slug)})
                  </a>
                ))
            )}
            {params.province ? (
              <a {...plainLink(searchHref(params, { province: undefined }))} className="active-filter">
                {provinceName(params.province)} ✕
              </a>
            ) : (
              provinceFacet.slice(0, 6).map(([code, n]) => (
                <a key={code} {...plainLink(searchHref(params, { province: code }))}>
                  {provinceName(code)} ({n})
                </a>
              ))
            )}
            {params.cert ? (
              <a {...plainLink(searchHref(params, { cert: undefined }))} className="active-filter">
                {t(`certifications.${params.cert}`)} ✕
              </a>
            ) : null}
            {params.verified ? (
              <a {...plainLink(searchHref(params, { verified: undefined }))} className="active-filter">
                {t("farmVerification.verifiedOnly")} ✕
              </a>
            ) : null}
          </nav>
          <ListingGrid listings={result.hits} />
          {pages > 1 ? (
            <nav className="pagination" aria-label={t("search.pages")}>
              {params.page > 1 ? <a {...plainLink(searchHref(params, { page: params.page - 1 }))}>‹ {t("search.previous")}</a> : null}
              <span>{t("search.pageOf", { page: params.page, pages })}</span>
              {params.page < pages ? <a {...plainLink(searchHref(params, { page: params.page + 1 }))}>{t("search.next")} ›</a> : null}
            </nav>
          ) : null}
        </div>
      </div>
    </section>
  );
}
