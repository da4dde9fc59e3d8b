import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import en from "~/locales/en";
import vi from "~/locales/vi";
import type { Locale } from "./i18n";
import { createI18n, translateFor } from "./i18n.server";
import { TranslateProvider, useT } from "./use-t";

function Sample() {
  const t = useT();
  return (
    <p>
      {t("search.apply")}|{t("search.resultsFor", { q: "gạo" })}|{t("search.count", { count: 1 })}|{t("search.count", { count: 3 })}|
      {t("search.apply")}
    </p>
  );
}

const render = (locale: Locale) =>
  renderToString(
    <TranslateProvider value={translateFor(locale)}>
      <Sample />
    </TranslateProvider>,
  );

describe("useT", () => {
  it("translates as i18next does, remembered keys and interpolated ones alike", () => {
    const i18n = createI18n("en", { vi, en });
    const expected = [
      i18n.t("search.apply"),
      i18n.t("search.resultsFor", { q: "gạo" }),
      i18n.t("search.count", { count: 1 }),
      i18n.t("search.count", { count: 3 }),
      i18n.t("search.apply"),
    ].join("|");
    expect(expected).toBe("Apply|Results for “gạo”|1 product|3 products|Apply");
    expect(render("en").replace(/<!-- -->/g, "")).toBe(`<p>${expected}</p>`);
  });

  it("keeps what it remembers to its own language", () => {
    // Rendered one after the other: a translator shared between languages
    // would answer in the language it saw first.
    expect(render("vi")).toContain("Áp dụng");
    expect(render("en")).toContain("Apply");
    expect(render("en")).not.toContain("Áp dụng");
    expect(render("vi")).toContain("Kết quả cho “gạo”");
  });
});
