/**
 * The languages, and formatting of money, quantities and dates through Intl
 * for the locale. Words: pages translate with app/utils/translate.ts (useT);
 * the server has both dictionaries and i18next for what only it writes
 * (i18n.server.ts); the browser loads only the page's language, as its own
 * chunk, before it hydrates (entry.client.tsx, decision 048).
 */

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

const INTL_LOCALE: Record<Locale, string> = { vi: "vi-VN", en: "en-GB" };

/**
 * One Intl formatter per locale and kind, made on first use: making one costs tens of
 * microseconds, and a search page formats dozens of quantities and dates (decision 047).
 */
function formatterOf<F>(made: Map<Locale, F>, locale: Locale, make: (intlLocale: string) => F): F {
  let f = made.get(locale);
  if (!f) {
    f = make(INTL_LOCALE[locale]);
    made.set(locale, f);
  }
  return f;
}

const instantFormatters = new Map<Locale, Intl.DateTimeFormat>();
const instantTimeFormatters = new Map<Locale, Intl.DateTimeFormat>();
/** An instant as Vietnam's clock shows it: "27/11/26" (vi) or "27/11/2026" (en), with the time when asked. */
export function formatInstant(instant: Date | string, locale: Locale, options: { time: boolean } = { time: false }): string {
  const when = new Date(instant);
  const f = options.time
    ? formatterOf(instantTimeFormatters, locale, (l) => new Intl.DateTimeFormat(l, { timeZone: "Asia/Ho_Chi_Minh", dateStyle: "short", timeStyle: "short" }))
    : formatterOf(instantFormatters, locale, (l) => new Intl.DateTimeFormat(l, { timeZone: "Asia/Ho_Chi_Minh" }));
  return f.format(when);
}

const vndFormatters = new Map<Locale, Intl.NumberFormat>();
/** 125000 → "125.000 ₫" (vi) or "₫125,000" (en). */
export function formatVnd(amount: number, locale: Locale): string {
  return formatterOf(vndFormatters, locale, (l) => new Intl.NumberFormat(l, { style: "currency", currency: "VND" })).format(amount);
}

const quantityFormatters = new Map<Locale, Intl.NumberFormat>();
/** 12.5 → "12,5" (vi) or "12.5" (en); up to three decimals, as quantities carry. */
export function formatQuantity(quantity: number, locale: Locale): string {
  return formatterOf(quantityFormatters, locale, (l) => new Intl.NumberFormat(l, { maximumFractionDigits: 3 })).format(quantity);
}

const dateFormatters = new Map<Locale, Intl.DateTimeFormat>();
/** "2026-12-01" → "1/12/2026" (vi) or "1 Dec 2026" (en). Dates are calendar days, no time zone. */
export function formatDate(isoDate: string, locale: Locale): string {
  const [y, m, d] = isoDate.slice(0, 10).split("-").map(Number);
  const f = formatterOf(dateFormatters, locale, (l) =>
    new Intl.DateTimeFormat(l, { day: "numeric", month: locale === "en" ? "short" : "numeric", year: "numeric", timeZone: "UTC" }),
  );
  return f.format(new Date(Date.UTC(y, m - 1, d)));
}
