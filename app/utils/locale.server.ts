/**
 * The visitor's language: the `lng` cookie (set by /language), else the
 * default, Vietnamese. Accept-Language is deliberately not consulted: the
 * product is Vietnamese first, and a phone set to English still gets Vietnamese
 * until the person chooses otherwise.
 */
import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./i18n";

export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  maxAge: 365 * 24 * 60 * 60,
  httpOnly: false,
});

export async function getLocale(request: Request): Promise<Locale> {
  const value = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(value) ? value : DEFAULT_LOCALE;
}
