import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { pageWords, requestNamespace } from "~/locales/dictionary";
import { makeTranslate } from "~/utils/translate";
import { TranslateProvider } from "~/utils/use-t";

// The page's words came in the document, only the namespaces it uses
// (decision 048): the page hydrates at once, without fetching a dictionary.
const { locale, dictionary } = pageWords();
const translate = makeTranslate(locale, dictionary, requestNamespace);

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
