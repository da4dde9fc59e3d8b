import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { SearchBox } from "~/components/search-box";
import stylesheet from "~/styles.css?url";
import { headerCounts } from "~/models/header.server";
import { readGuestCart } from "~/utils/guest-cart.server";
import { getSessionUser } from "~/utils/session.server";
import { actingBanner } from "~/models/consent.server";
import { getLocale } from "~/utils/locale.server";
import { DEFAULT_LOCALE, type Locale } from "~/utils/i18n";
import { useLocale, useRootData } from "~/utils/root-data";
import { useNonce } from "~/utils/nonce";
import { opensOps } from "~/policy/authorize.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getSessionUser(request), getLocale(request)]);
  // The header's three counts in one query (cart, notifications, conversations: decision 041, issue 16).
  const [{ cart, unread, unreadMessages }, actingFor] = user
    ? await Promise.all([headerCounts(user.id), user.actingFarmId === null ? null : actingBanner(user.id, user.actingFarmId)])
    : [{ cart: (await readGuestCart(request)).length, unread: 0, unreadMessages: 0 }, null];
  return {
    locale,
    user: user ? { id: user.id, displayName: user.displayName, roles: user.roles } : null,
    // Asked of the policy here, on the server, so the policy's code is not in every page's JavaScript.
    opensOps: user ? opensOps({ userId: user.id, roles: user.roles, actingForFarmId: null }) : false,
    cart,
    unread,
    unreadMessages,
    // "Đang thao tác cho: Hộ …" (issue 11): one small query, only while acting.
    actingFor,
  };
}


export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#2f7d32" />
        <Meta />
        <Links />
      </head>
      <body>
        <SkipLink />
        <SiteHeader />
        <ActingBanner />
        <main id="main" className="page" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** While acting for a household: whose farm the pages are about, and one tap back (issue 11). */
function ActingBanner() {
  const t = useT();
  const acting = useRootData()?.actingFor;
  if (!acting) return null;
  return (
    <div className="acting-banner" role="region" aria-label={t("acting.label")}>
      {acting.ended ? (
        <p role="alert">{t("errors.policy.actingEnded")}</p>
      ) : (
        <p>
          {t("acting.for", { name: acting.displayName, farm: acting.farmName })} · <Link to="/sell">{t("acting.sellPages")}</Link>
        </p>
      )}
      <Form method="post" action="/acting">
        <button type="submit" className="button">
          {t("acting.stop")}
        </button>
      </Form>
    </div>
  );
}

/** The first thing a keyboard reaches: past the header, straight to the page's own content. */
function SkipLink() {
  const t = useT();
  return (
    <a href="#main" className="skip-link">
      {t("phoneLayout.skip")}
    </a>
  );
}

/**
 * One row on a phone: the brand, the search, the cart and a menu (a <details>, no JavaScript
 * needed) holding the rest; on a wide screen the menu's links stand open in the row (styles.css).
 * The menu is keyed by the address so that it closes after a client-side navigation.
 */
function SiteHeader() {
  const t = useT();
  const data = useRootData();
  const location = useLocation();
  const user = data?.user;
  const here = `${location.pathname}${location.search}`;
  return (
    <header className="site-header">
      <Link to="/" className="brand" aria-label={t("brand")}>
        <img src="/favicon.svg" alt="" width={24} height={24} className="brand-mark" /> <span className="brand-name">{t("brand")}</span>
      </Link>
      <SearchBox className="header-search" inputId="header-q" />
      <Link to="/cart" className="header-cart">
        <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="currentColor" className="header-icon">
          <path d="M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM5.2 4H2V2h4.6l.9 2H21l-3.4 8.3a2 2 0 0 1-1.8 1.2H8.6l-1 1.8V16h12v2H6.1a1.6 1.6 0 0 1-1.4-2.4L6.1 13 3.5 4z" />
        </svg>
        <span className="nav-text">{t("nav.cart")}</span>
        {data?.cart ? <span className="count">{data.cart}</span> : null}
      </Link>
      <details className="site-menu" key={here}>
        <summary>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="currentColor">
            <path d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z" />
          </svg>
          <span className="visually-hidden">{t("phoneLayout.menu")}</span>
          {data?.unread || data?.unreadMessages ? <span className="count">{(data.unread ?? 0) + (data.unreadMessages ?? 0)}</span> : null}
        </summary>
        <nav className="site-nav" aria-label={t("nav.label")}>
          {user?.roles.includes("farmer") ? <Link to="/sell">{t("nav.sell")}</Link> : null}
          {user?.roles.includes("farmer") ? <Link to="/sell/orders">{t("nav.sales")}</Link> : null}
          {user?.roles.includes("helper") ? <Link to="/help/list">{t("nav.helpWork")}</Link> : null}
          {/* One link for the platform's people, asked of the policy (decision 037); /ops leads to each page. */}
          {user && data?.opensOps ? (
            <Link to="/ops">{t("nav.ops")}</Link>
          ) : null}
          {user?.roles.includes("helper") ? <Link to="/help">{t("acting.navHelp")}</Link> : null}
          {user ? (
            <>
              <Link to="/orders">{t("nav.orders")}</Link>
              <Link to="/messages" aria-label={data?.unreadMessages ? t("nav.messagesCount", { count: data.unreadMessages }) : undefined}>
                {t("nav.messages")}
                {data?.unreadMessages ? <span className="count">{data.unreadMessages}</span> : null}
              </Link>
              <Link to="/notifications" aria-label={t("nav.notifications", { count: data?.unread ?? 0 })}>
                <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="currentColor">
                  <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" />
                </svg>
                <span className="menu-only">{t("meta.notifications")}</span>
                {data?.unread ? <span className="count">{data.unread}</span> : null}
              </Link>
              <span className="who">{user.displayName}</span>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("nav.login")}</Link>
              <Link to="/signup">{t("nav.signup")}</Link>
            </>
          )}
          <LanguageSwitch redirectTo={here} />
        </nav>
      </details>
    </header>
  );
}

function LanguageSwitch({ redirectTo }: { redirectTo: string }) {
  const t = useT();
  const locale = useLocale();
  const other: Locale = locale === "vi" ? "en" : "vi";
  // A full document load, so that the page renders again in the chosen language.
  return (
    <Form method="post" action="/language" reloadDocument className="language-switch">
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <input type="hidden" name="lng" value={other} />
      <button type="submit" className="link-button" lang={other}>
        {t("language.switchTo")}
      </button>
    </Form>
  );
}

function SiteFooter() {
  const t = useT();
  return (
    <footer className="site-footer">
      <p>{t("footer.tagline")}</p>
    </footer>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

// Bodies that readForm (app/utils/form.server.ts) refuses.
const FORM_REFUSED: Record<number, string> = { 400: "errors.form.unreadable", 413: "errors.form.tooLarge", 415: "errors.form.unreadable" };

/** A response thrown as `Response.json({ message: "errors…" }, { status })` names its own problem. */
function messageOf(data: unknown): string | undefined {
  const message = (data as { message?: unknown } | null)?.message;
  return typeof message === "string" && message.startsWith("errors.") ? message : undefined;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error)) {
    const key =
      error.status === 404
        ? "errors.page.notFound"
        : error.status === 403
          ? (messageOf(error.data) ?? "errors.page.forbidden")
          : (messageOf(error.data) ?? FORM_REFUSED[error.status] ?? "errors.page.generic");
    return (
      <section className="error-page">
        <h1>{error.status}</h1>
        <p role="alert">{t(key)}</p>
        <Link to="/">{t("errors.page.home")}</Link>
      </section>
    );
  }
  console.error(error);
  return (
    <section className="error-page">
      <h1>500</h1>
      <p>{t("errors.page.generic")}</p>
      <Link to="/">{t("errors.page.home")}</Link>
    </section>
  );
}
