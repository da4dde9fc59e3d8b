/** The columns of the adoption dashboard's tables and their CSV files, in order (browser-safe: the pages and the files share them). */
import type { Figures, WeekRow } from "./insights.server";

export const AREA_COLUMNS = [
  "households",
  "householdsListed",
  "householdsHelped",
  "householdsOnTheirOwn",
  "buyers",
  "repeatBuyers",
  "businesses",
  "orders",
  "salesVnd",
  "businessShare",
  "medianHoursToFirstOrder",
] as const satisfies readonly (keyof Figures)[];

export const WEEK_COLUMNS = ["newHouseholds", "orders", "salesVnd", "businessSalesVnd", "buyers"] as const satisfies readonly (keyof WeekRow)[];
