/**
 * A card checkout's own page: where Stripe sends the buyer back (paid or
 * cancelled), and where a payment that could not start is tried again. It
 * only reads the state: the webhook marks orders paid, never this page.
 */
import { data, redirect, redirectDocument, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConfirmStep, CONFIRMED } from "~/components/ui/confirm-step";
import { useT } from "~/utils/use-t";
import { z } from "~/validation/zod";
import { cancelCardPayment, cardPaymentOf, ordersOfCheckout, startCardPayment } from "~/models/payment.server";
import { publicOrigin } from "~/utils/env.server";
import { readForm } from "~/utils/form.server";
import { formatInstant, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { requireUser } from "~/utils/session.server";
import { SubmitButton } from "~/components/ui/submit-button";

// While Stripe's word is awaited the page looks again every few seconds, with or without JavaScript.
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  ...pageTitle(matches, "cardPayment"),
  ...(data?.waiting ? [{ httpEquiv: "refresh" as const, content: "3" }] : []),
];

const checkoutIdSchema = z.uuid();
// Pay (the default, as the form always posted) or give up the checkout.
const intentSchema = z.object({ intent: z.enum(["pay", "cancel"]).default("pay") });

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
  const orders = await ordersOfCheckout(payment.checkoutId);
  return {
    checkoutId: payment.checkoutId,
    status: payment.status,
    lateOutcome: payment.lateOutcome,
    amountVnd: payment.amountVnd,
    expiresAt: payment.expiresAt,
    orders,
    waiting: open && returned === "success",
    // Given up by the buyer (not run out): the orders say cancelled.
    cancelledByBuyer: payment.status === "expired" && orders.every((o) => o.status === "cancelled"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request); // read before any answer: only a form body is accepted
  const { user, payment } = await load(request, params.checkoutId);
  const intent = intentSchema.safeParse(Object.fromEntries(form));
  if (!intent.success) return redirect(`/payments/card/${payment.checkoutId}?error=tampered`);
  if (intent.data.intent === "cancel" && form.get("confirm") !== CONFIRMED && (payment.status === "creating" || payment.status === "open")) {
    // Giving up cancels the orders for good: the first post only asks (docs/decisions/020-pending-and-confirm.md).
    return data({ confirmCancel: true });
  }
  if (intent.data.intent === "cancel") {
    const cancelled = await cancelCardPayment(payment.checkoutId, user.id, publicOrigin(request));
    const error = cancelled.ok ? null : cancelled.reason === "unreachable" ? "cancel_unreachable" : cancelled.reason;
    return redirect(`/payments/card/${payment.checkoutId}${error ? `?error=${error}` : ""}`);
  }
  const started = await startCardPayment(payment.checkoutId, user.id, publicOrigin(request));
  // A full page load: Stripe's page is another site, not a route of this app.
  if (started.ok) return redirectDocument(started.url);
  return redirect(`/payments/card/${payment.checkoutId}?error=${started.reason}`);
}

export default function CardPaymentPage() {
  const t = useT();
  const locale = useLocale();
  const { checkoutId, status, lateOutcome, amountVnd, expiresAt, orders, waiting, cancelledByBuyer } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const confirmCancel = useActionData<typeof action>()?.confirmCancel;
  const open = status === "creating" || status === "open";
  const hold = { when: formatInstant(expiresAt, locale, { time: true }) };
  const message = waiting
    ? t("cardPayment.waiting")
    : lateOutcome
      ? t(lateOutcome === "revived" ? "refundOps.latePaidRevived" : "refundOps.latePaidRefunded")
      : status === "paid"
        ? t("cardPayment.paid")
        : cancelledByBuyer
          ? t("refundOps.cancelledByBuyer")
          : status === "expired"
            ? t("cardPayment.expired")
            : params.get("error") === "unreachable"
              ? t("cardPayment.unreachable")
              : params.get("return") === "cancel"
                ? t("cardPayment.cancelled", hold)
                : t("cardPayment.open", hold);
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
              <td>
                {t(`orderStatus.${o.status}`)} · {t(`paymentStatus.${o.paymentStatus}`)}
              </td>
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
      {params.get("error") === "paid" || params.get("error") === "cancel_unreachable" || params.get("error") === "tampered" ? (
        <p className="field-errors" role="alert">
          {t(
            params.get("error") === "paid"
              ? "refundOps.cancelPaid"
              : params.get("error") === "tampered"
                ? "errors.form.tampered"
                : "refundOps.cancelUnreachable",
          )}
        </p>
      ) : null}
      {open && !waiting && confirmCancel ? (
        <ConfirmStep
          question={t("confirm.cancelCheckoutQuestion", { count: orders.length })}
          hint={t("confirm.cancelCheckoutHint")}
          confirmLabel={t("confirm.cancel")}
          backTo={`/payments/card/${checkoutId}`}
          fields={{ intent: "cancel" }}
        />
      ) : open && !waiting ? (
        <>
          <Form method="post" className="actions">
            <SubmitButton name="intent" value="pay" className="button primary">
              {t("cardPayment.payNow")}
            </SubmitButton>
          </Form>
          <Form method="post" className="actions irreversible-actions">
            <SubmitButton name="intent" value="cancel" className="button quiet-danger">
              {t("refundOps.cancel")}
            </SubmitButton>
          </Form>
        </>
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
