import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { requestNamespace, wordsReady } from "~/locales/dictionary";
import { makeTranslate } from "~/utils/translate";
import { TranslateProvider } from "~/utils/use-t";

// The page's words came in the document, only the namespaces it uses
// (decision 048): the page hydrates once the document is read, without
// fetching a dictionary.
void wordsReady().then(({ locale, dictionary }) => {
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
});
