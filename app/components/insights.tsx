/**
 * The pieces of the adoption dashboard's pages (/ops/insights…): the "as of"
 * line, the key figures, the weekly chart with its table, the places' chart
 * with its table — each table with its CSV link (the loader answers
 * `?format=csv&table=…`, app/utils/insights-csv.server.ts).
 */
import { Link } from "@remix-run/react";
import type { AreaRow, Figures, WeekRow } from "~/models/insights.server";
import { formatInstant, formatQuantity, formatVnd, type Locale } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { AREA_COLUMNS, WEEK_COLUMNS } from "~/models/insight-columns";
import { BarChart, TrendChart } from "./charts";

/** Bars in the places' chart; every place is in the table. */
const CHART_BARS = 15;

function figureText(figures: Figures, column: keyof Figures, locale: Locale, none: string): string {
  const value = figures[column];
  if (value === null) return none;
  if (column === "businessShare") return `${formatQuantity(Math.round(value * 1000) / 10, locale)} %`;
  if (column === "medianHoursToFirstOrder") return formatQuantity(Math.round(value * 10) / 10, locale);
  return formatQuantity(value, locale);
}

/** 1500000 → "1,5 tr" (vi) or "1.5M" (en): axis labels. Written out rather than Intl's compact notation, whose words differ between the server's and the browser's ICU. */
function shortAmount(value: number, locale: Locale): string {
  const units: [number, string, string][] = [
    [1e9, " tỷ", "bn"],
    [1e6, " tr", "M"],
    [1e3, " nghìn", "k"],
  ];
  const unit = units.find(([size]) => Math.abs(value) >= size);
  if (!unit) return formatQuantity(value, locale);
  return `${formatQuantity(Math.round((value / unit[0]) * 10) / 10, locale)}${locale === "en" ? unit[2] : unit[1]}`;
}

export function AsOf({ asOf }: { asOf: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <p className="as-of">
      <time dateTime={asOf}>{t("insights.asOf", { time: formatInstant(asOf, locale, { time: true }) })}</time>
    </p>
  );
}

export function KeyFigures({ figures }: { figures: Figures }) {
  const t = useT();
  const locale = useLocale();
  const none = t("insights.none");
  return (
    <section aria-labelledby="key-figures">
      <h2 id="key-figures">{t("insights.keyFigures")}</h2>
      <dl className="key-figures">
        {AREA_COLUMNS.map((column) => (
          <div key={column}>
            <dt>{t(`insights.figures.${column}`)}</dt>
            <dd>
              {column === "salesVnd"
                ? formatVnd(figures.salesVnd, locale)
                : column === "medianHoursToFirstOrder" && figures.medianHoursToFirstOrder !== null
                  ? t("insights.hours", { hours: figureText(figures, column, locale, none) })
                  : figureText(figures, column, locale, none)}
            </dd>
          </div>
        ))}
      </dl>
      <details className="more">
        <summary>{t("insights.definitions")}</summary>
        <p>{t("insights.definitionsText")}</p>
      </details>
    </section>
  );
}

export function WeeksSection({ weeks, csvHref }: { weeks: WeekRow[]; csvHref: string }) {
  const t = useT();
  const locale = useLocale();
  const best = weeks.reduce<WeekRow | null>((top, w) => (w.salesVnd > 0 && (!top || w.salesVnd > top.salesVnd) ? w : top), null);
  const description = best
    ? t("insights.weeksChartDesc", { count: weeks.length, from: weeks[0].label, to: weeks[weeks.length - 1].label, best: best.label, value: formatVnd(best.salesVnd, locale) })
    : t("insights.weeksChartEmpty", { count: weeks.length });
  return (
    <section aria-labelledby="weeks">
      <h2 id="weeks">{t("insights.weeksTitle")}</h2>
      <TrendChart
        id="weeks-chart"
        title={t("insights.weeksChartTitle")}
        description={description}
        format={(v) => shortAmount(v, locale)}
        points={weeks.map((w) => ({ label: w.label.slice(5), value: w.salesVnd }))}
      />
      <p>
        <a href={csvHref} download>
          {t("insights.csv")}
        </a>
      </p>
      <div className="table-wrap" role="region" aria-labelledby="weeks" tabIndex={0}>
        <table className="figures insight-table">
          <thead>
            <tr>
              <th scope="col">{t("insights.week")}</th>
              {WEEK_COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {t(`insights.figures.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.week}>
                <th scope="row">
                  {w.label} <small>({formatInstant(`${w.week}T00:00:00+07:00`, locale)})</small>
                </th>
                {WEEK_COLUMNS.map((c) => (
                  <td key={c}>{formatQuantity(w[c], locale)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function AreasSection({ level, rows, csvHref, linkOf }: { level: "province" | "commune"; rows: AreaRow[]; csvHref: string; linkOf: (row: AreaRow) => string }) {
  const t = useT();
  const locale = useLocale();
  const none = t("insights.none");
  const bars = [...rows]
    .filter((r) => r.households > 0)
    .sort((a, b) => b.households - a.households || a.name.localeCompare(b.name, "vi"))
    .slice(0, CHART_BARS);
  const heading = level === "province" ? t("insights.provincesTitle") : t("insights.communesTitle");
  if (rows.length === 0)
    return (
      <section aria-labelledby="areas">
        <h2 id="areas">{heading}</h2>
        <p className="empty">{t("insights.noCommunes")}</p>
      </section>
    );
  return (
    <section aria-labelledby="areas">
      <h2 id="areas">{heading}</h2>
      <BarChart
        id="areas-chart"
        title={t("insights.areasChartTitle", { count: bars.length })}
        description={bars.length ? t("insights.areasChartDesc", { best: bars[0].name, value: formatQuantity(bars[0].households, locale) }) : t("insights.areasChartEmpty")}
        format={(v) => formatQuantity(v, locale)}
        bars={bars.map((b) => ({ label: b.name, value: b.households }))}
      />
      <p>
        <a href={csvHref} download>
          {t("insights.csv")}
        </a>
      </p>
      <div className="table-wrap" role="region" aria-labelledby="areas" tabIndex={0}>
        <table className="figures insight-table">
          <thead>
            <tr>
              <th scope="col">{level === "province" ? t("insights.province") : t("insights.commune")}</th>
              {AREA_COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {t(`insights.figures.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code}>
                <th scope="row">
                  <Link to={linkOf(r)}>{r.name}</Link>
                </th>
                {AREA_COLUMNS.map((c) => (
                  <td key={c}>{figureText(r, c, locale, none)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
