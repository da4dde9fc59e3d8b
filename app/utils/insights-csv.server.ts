/**
 * The adoption dashboard's tables as CSV files (each page's `…/csv?table=areas|weeks`,
 * resource routes beside the pages): every row names its place, amounts in whole đồng, the share
 * in percent, hours to one decimal; headers in the reader's language.
 */
import { AREA_COLUMNS, WEEK_COLUMNS } from "~/models/insight-columns";
import type { AreaRow, WeekRow } from "~/models/insights.server";
import { slugify } from "~/search/fold";
import { csvResponse } from "./csv";
import { i18nFor } from "./i18n.server";
import { getLocale } from "./locale.server";

export type InsightsTables = {
  /** The page's place, e.g. "Cả nước" or "Xã Vũ Thư, Tỉnh Hưng Yên": named in the weeks file and the file name. */
  place: string;
  /** The places the page lists, with the province they are in (communes) or none (provinces). */
  areas?: { level: "province" | "commune"; province?: string; rows: AreaRow[] };
  weeks: WeekRow[];
};

function figureCell(row: AreaRow, column: (typeof AREA_COLUMNS)[number]): string {
  const value = row[column];
  if (value === null) return "";
  if (column === "businessShare") return (value * 100).toFixed(1);
  if (column === "medianHoursToFirstOrder") return value.toFixed(1);
  return String(value);
}

/** The file the request asks for (`?table=`); a 404 for a table the page does not have. */
export async function insightsCsv(request: Request, tables: InsightsTables): Promise<Response> {
  const t = i18nFor(await getLocale(request)).t;
  const table = new URL(request.url).searchParams.get("table");
  const figures = (c: string) => t(`insights.figures.${c}`);
  if (table === "weeks") {
    const header = [t("insights.place"), t("insights.week"), t("insights.weekStarting"), ...WEEK_COLUMNS.map(figures)];
    const rows = tables.weeks.map((w) => [tables.place, w.label, w.week, ...WEEK_COLUMNS.map((c) => String(w[c]))]);
    return csvResponse([header, ...rows], `so-lieu-${slugify(tables.place, 60)}-theo-tuan.csv`);
  }
  const areas = tables.areas;
  if (table === "areas" && areas) {
    const places = areas.level === "province" ? [t("insights.province")] : [t("insights.province"), t("insights.commune")];
    const header = [...places, t("insights.code"), ...AREA_COLUMNS.map(figures)];
    const rows = areas.rows.map((r) => [...(areas.level === "province" ? [r.name] : [areas.province ?? "", r.name]), r.code, ...AREA_COLUMNS.map((c) => figureCell(r, c))]);
    return csvResponse([header, ...rows], `so-lieu-${slugify(tables.place, 60)}-theo-${areas.level === "province" ? "tinh" : "xa"}.csv`);
  }
  throw new Response("Not found", { status: 404 });
}
