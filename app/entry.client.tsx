import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { loadDictionary } from "~/locales/dictionary";
import { createI18n, DEFAULT_LOCALE, isLocale } from "~/utils/i18n";

const lang = document.documentElement.lang;
const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;

// Only the page's language is downloaded, as its own chunk (decision 048);
// the page is whole without JavaScript, so hydrating after it arrives changes
// nothing a visitor sees.
void loadDictionary(locale).then((dictionary) => {
  const i18n = createI18n(locale, { [locale]: dictionary });
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <RemixBrowser />
        </I18nextProvider>
      </StrictMode>,
    );
  });
});
