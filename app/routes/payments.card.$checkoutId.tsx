/**
 * A card checkout's own page: where Stripe sends the buyer back (paid or
 * cancelled), and where a payment that could not start is tried again. It
 * only reads the state: the webhook marks orders paid, never this page.
 */
import { redirect, redirectDocument, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { z } from "zod";
import { cardPaymentOf, ordersOfCheckout, startCardPayment } from "~/models/payment.server";
import { publicOrigin } from "~/utils/env.server";
import { readForm } from "~/utils/form.server";
import { formatInstant, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { requireUser } from "~/utils/session.server";

// While Stripe's word is awaited the page looks again every few seconds, with or without JavaScript.
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  ...pageTitle(matches, "cardPayment"),
  ...(data?.waiting ? [{ httpEquiv: "refresh" as const, content: "3" }] : []),
];

const checkoutIdSchema = z.uuid();

async function load(request: Request, param: string | undefined) {
  const user = await requireUser(request);
  const id = checkoutIdSchema.safeParse(param);
  const payment = id.success ? await cardPaymentOf(id.data, user.id) : undefined;
  if (!payment) throw new Response("Not found", { status: 404 });
  return { user, payment };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { payment } = await load(request, params.checkoutId);
  const returned = new URL(request.url).searchParams.get("return");
  const open = payment.status === "creating" || payment.status === "open";
  return {
    status: payment.status,
    amountVnd: payment.amountVnd,
    expiresAt: payment.expiresAt,
    orders: await ordersOfCheckout(payment.checkoutId),
    waiting: open && returned === "success",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await readForm(request); // no fields, but only a form body is accepted (and read before any answer)
  const { user, payment } = await load(request, params.checkoutId);
  const started = await startCardPayment(payment.checkoutId, user.id, publicOrigin(request));
  // A full page load: Stripe's page is another site, not a route of this app.
  if (started.ok) return redirectDocument(started.url);
  return redirect(`/payments/card/${payment.checkoutId}?error=${started.reason}`);
}

export default function CardPaymentPage() {
  const t = useT();
  const locale = useLocale();
  const { status, amountVnd, expiresAt, orders, waiting } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const open = status === "creating" || status === "open";
  const message = waiting
    ? t("cardPayment.waiting")
    : status === "paid"
      ? t("cardPayment.paid")
      : status === "expired"
        ? t("cardPayment.expired")
        : params.get("error") === "unreachable"
          ? t("cardPayment.unreachable")
          : params.get("return") === "cancel"
            ? t("cardPayment.cancelled", { when: formatInstant(expiresAt, locale, { time: true }) })
            : t("cardPayment.open", { when: formatInstant(expiresAt, locale, { time: true }) });
  return (
    <section className="form-page">
      <h1>{t("cardPayment.title")}</h1>
      <p className={status === "paid" ? "notice" : waiting ? "notice" : "meta"} role="status">
        {message}
      </p>
      <table className="price-tiers">
        <tbody>
          {orders.map((o) => (
            <tr key={o.id}>
              <td>
                <Link to={`/orders/${o.id}`}>{o.number}</Link> · {o.farmName}
              </td>
              <td>{t(`orderStatus.${o.status}`)}</td>
              <td>{formatVnd(o.totalVnd, locale)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row" colSpan={2}>
              {t("orders.total")}
            </th>
            <td>
              <strong>{formatVnd(amountVnd, locale)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      {open && !waiting ? (
        <Form method="post">
          <button type="submit" className="button primary">
            {t("cardPayment.payNow")}
          </button>
        </Form>
      ) : null}
      {status === "expired" ? (
        <p>
          <Link to="/cart" className="button">
            {t("cardPayment.backToCart")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
