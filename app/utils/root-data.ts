/** Hooks over the root loader's data, for any component. */
import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/root";
import { DEFAULT_LOCALE, type Locale } from "./i18n";

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>("root");
}

export function useLocale(): Locale {
  return useRootData()?.locale ?? DEFAULT_LOCALE;
}
