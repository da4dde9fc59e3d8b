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

/** An instant as Vietnam's clock shows it: "27/11/26" (vi) or "27/11/2026" (en), with the time when asked. */
export function formatInstant(instant: Date | string, locale: Locale, options: { time: boolean } = { time: false }): string {
  const when = new Date(instant);
  return options.time
    ? when.toLocaleString(INTL_LOCALE[locale], { timeZone: "Asia/Ho_Chi_Minh", dateStyle: "short", timeStyle: "short" })
    : when.toLocaleDateString(INTL_LOCALE[locale], { timeZone: "Asia/Ho_Chi_Minh" });
}

const vndFormatters = new Map<Locale, Intl.NumberFormat>();
/** 125000 → "125.000 ₫" (vi) or "₫125,000" (en). */
export function formatVnd(amount: number, locale: Locale): string {
  let f = vndFormatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(INTL_LOCALE[locale], { style: "currency", currency: "VND" });
    vndFormatters.set(locale, f);
  }
  return f.format(amount);
}

/** 12.5 → "12,5" (vi) or "12.5" (en); up to three decimals, as quantities carry. */
export function formatQuantity(quantity: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 3 }).format(quantity);
}

/** "2026-12-01" → "1/12/2026" (vi) or "1 Dec 2026" (en). Dates are calendar days, no time zone. */
export function formatDate(isoDate: string, locale: Locale): string {
  const [y, m, d] = isoDate.slice(0, 10).split("-").map(Number);
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    day: "numeric",
    month: locale === "en" ? "short" : "numeric",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}
