import type { MetaDescriptor } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { dictionaryOf } from "~/locales/dictionary";
import { localeOf, titled } from "~/utils/meta";
import { useT } from "~/utils/use-t";

type Match = Parameters<typeof localeOf>[0][number];

/** A helper page's title: "<page> · Nông Sản Số", from the helper pages' own dictionary block. */
export function helpTitle(matches: Match[], key: "listTitle" | "inboxTitle" | "cardTitle" | "figuresTitle"): MetaDescriptor[] {
  const dict = dictionaryOf(localeOf(matches));
  // helpWork comes with the help pages' modules (app/locales/dictionary.ts); offline it may not have: the brand alone then.
  return titled(dict.helpWork?.[key] ? `${dict.helpWork[key]} · ${dict.brand}` : dict.brand);
}

/** The helper's pages, side by side. */
export function HelpNav({ current }: { current: "list" | "inbox" | "figures" }) {
  const t = useT();
  const links = [
    ["list", "/help/list", t("helpWork.navList")],
    ["inbox", "/help/inbox", t("helpWork.navInbox")],
    ["figures", "/help/figures", t("helpWork.navFigures")],
  ] as const;
  return (
    <nav className="filters help-nav" aria-label={t("nav.helpWork")}>
      {links.map(([name, to, label]) => (
        <Link key={name} to={to} aria-current={current === name ? "page" : undefined}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
