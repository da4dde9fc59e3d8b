import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { loadDictionary } from "~/locales/dictionary";
import { DEFAULT_LOCALE, isLocale } from "~/utils/i18n";
import { makeTranslate } from "~/utils/translate";
import { TranslateProvider } from "~/utils/use-t";

const lang = document.documentElement.lang;
const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;

// Only the page's language is downloaded, as its own chunk (decision 048);
// the page is whole without JavaScript, so hydrating after it arrives changes
// nothing a visitor sees.
void loadDictionary(locale).then((dictionary) => {
  const translate = makeTranslate(locale, dictionary);
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <TranslateProvider value={translate}>
          <RemixBrowser />
        </TranslateProvider>
      </StrictMode>,
    );
  });
});
