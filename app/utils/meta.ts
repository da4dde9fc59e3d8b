/**
 * Page titles in the visitor's language. Meta functions cannot use hooks, so
 * this reads the locale from the root loader's data in `matches`.
 */
import type { MetaDescriptor } from "@remix-run/node";
import { dictionaryOf } from "~/locales/dictionary";
import type { Dictionary } from "~/locales/vi";
import { DEFAULT_LOCALE, isLocale } from "./i18n";

type Match = { id: string; data: unknown };
export type TitleKey = keyof Dictionary["meta"];

export function localeOf(matches: Match[]) {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

/** "<page> · Nông Sản Số", the page named by a key of `meta` in the dictionaries. */
export function pageTitle(matches: Match[], key: TitleKey, description?: string): MetaDescriptor[] {
  const dict = dictionaryOf(localeOf(matches));
  return titled(`${dict.meta[key]} · ${dict.brand}`, description);
}

/** A title from data (a listing's or farm's name), with the brand after it. */
export function titled(title: string, description?: string): MetaDescriptor[] {
  const tags: MetaDescriptor[] = [{ title }];
  if (description) tags.push({ name: "description", content: description.slice(0, 160) });
  return tags;
}
