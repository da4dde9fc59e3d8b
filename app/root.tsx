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
import { cartCount } from "~/models/cart.server";
import { unreadNotifications } from "~/models/notification.server";
import { readGuestCart } from "~/utils/guest-cart.server";
import { getSessionUser } from "~/utils/session.server";
import { getLocale } from "~/utils/locale.server";
import { DEFAULT_LOCALE, type Locale } from "~/utils/i18n";
import { useLocale, useRootData } from "~/utils/root-data";
import { useNonce } from "~/utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getSessionUser(request), getLocale(request)]);
  const [cart, unread] = user
    ? await Promise.all([cartCount(user.id), unreadNotifications(user.id)])
    : [(await readGuestCart(request)).length, 0];
  return {
    locale,
    user: user ? { id: user.id, displayName: user.displayName, roles: user.roles } : null,
    cart,
    unread,
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
        <SiteHeader />
        <main className="page">{children}</main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SiteHeader() {
  const t = useT();
  const data = useRootData();
  const location = useLocation();
  const user = data?.user;
  const here = `${location.pathname}${location.search}`;
  return (
    <header className="site-header">
      <Link to="/" className="brand" aria-label={t("brand")}>
        <img src="/favicon.svg" alt="" width={24} height={24} className="brand-mark" /> {t("brand")}
      </Link>
      <SearchBox className="header-search" inputId="header-q" />
      <nav className="site-nav" aria-label={t("nav.label")}>
        <Link to="/cart">
          {t("nav.cart")}
          {data?.cart ? <span className="count">{data.cart}</span> : null}
        </Link>
        {user?.roles.includes("farmer") ? <Link to="/sell">{t("nav.sell")}</Link> : null}
        {user?.roles.includes("farmer") ? <Link to="/sell/orders">{t("nav.sales")}</Link> : null}
        {user?.roles.includes("operator") ? <Link to="/ops/payouts">{t("nav.payouts")}</Link> : null}
        {user?.roles.includes("operator") ? <Link to="/ops/payments">{t("refundOps.nav")}</Link> : null}
        {user ? (
          <>
            <Link to="/orders">{t("nav.orders")}</Link>
            <Link to="/notifications" aria-label={t("nav.notifications", { count: data?.unread ?? 0 })}>
              <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="currentColor">
                <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" />
              </svg>
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
          ? "errors.page.forbidden"
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
