import { DueDate } from "~/components/net-terms";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { z } from "~/validation/zod";
import { markOrderPaid, moveAllowed, transferMayBeRecorded, transitionOrder, TRANSITIONS, type OrderAction } from "~/models/orders/moves.server";
import { getOrderFor } from "~/models/orders/queries.server";
import { ConfirmStep, CONFIRMED } from "~/components/ui/confirm-step";
import { FieldErrors, FormErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { mayBeRefunded, refundableVnd, refundPaidOrder, refundsOf } from "~/models/refund.server";
import { bankTransferInstructions } from "~/payments/vietqr.server";
import { formatInstant, formatQuantity, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { requireActor } from "~/utils/actor.server";
import { can, type Actor } from "~/policy/policy";
import { formatPhone } from "~/validation/phone";
import { parseId } from "~/validation/ids";
import { orderRefundSchema } from "~/validation/refund";
import { readForm } from "~/utils/form.server";
import { RepeatWeeklyForm } from "~/components/standing";
import { REPEATABLE, standingOfOrder } from "~/models/standing.server";
import { orderConversationPath } from "~/models/conversation.server";
import { invoicesOfOrder, issueCreditNote, mayCorrectInvoices } from "~/models/invoice.server";
import { DELIVERABLE } from "~/models/papers.server";
import { formRefusal } from "~/utils/actor.server";
import { creditNoteSchema } from "~/validation/papers";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "order");

function orderId(param: string | undefined): number {
  const id = parseId(param);
  if (id === null) throw new Response("Not found", { status: 404 });
  return id;
}

// The same rules the models check when the form is posted.
const movesOf = (order: NonNullable<Awaited<ReturnType<typeof getOrderFor>>>) =>
  (Object.keys(TRANSITIONS) as OrderAction[]).filter((a) => TRANSITIONS[a].actor === order.viewer && moveAllowed(order, a));

/** Moves that cannot be undone: the first post asks, only one with confirm=1 acts (docs/decisions/020-pending-and-confirm.md). */
const IRREVERSIBLE: readonly OrderAction[] = ["decline", "cancel"];

async function orderFor(actor: Actor, id: number) {
  const order = await getOrderFor(actor, id);
  if (!order) throw new Response("Not found", { status: 404 });
  return order;
}

/** A net-terms order the company owes (approved, not given up): the transfer details stay on its page until it is paid. */
function owedOnTerms(order: { paymentMethod: string; paymentStatus: string; status: string }): boolean {
  return order.paymentMethod === "net_terms" && order.paymentStatus === "unpaid" && !["awaiting_approval", "declined", "cancelled", "expired"].includes(order.status);
}

/** What the page shows of an order, and nothing else (no buyer id, no internal keys). */
function shownOrder(order: Awaited<ReturnType<typeof orderFor>>) {
  return {
    id: order.id,
    number: order.number,
    // Bought for a company (issue 12): its purchase order number.
    poNumber: order.poNumber,
    status: order.status,
    viewer: order.viewer,
    paymentMethod: order.paymentMethod,
    paymentStatus: order.paymentStatus,
    totalVnd: order.totalVnd,
    expiresAt: order.expiresAt,
    // Net terms (decision 031): due some days after delivery.
    dueAt: order.dueAt,
    overdue: order.dueAt !== null && order.paymentStatus === "unpaid" && order.dueAt < new Date(),
    checkoutId: order.viewer === "buyer" && order.status === "awaiting_payment" ? order.checkoutId : null,
    recipient: order.recipient,
    phone: order.phone,
    street: order.street,
    deliveryOption: order.deliveryOption,
    farm: { name: order.farm.name, slug: order.farm.slug },
    items: order.items.map(({ listingId, title, unit, quantity, unitPriceVnd, lineTotalVnd }) => ({ listingId, title, unit, quantity, unitPriceVnd, lineTotalVnd })),
    events: order.events.map(({ id, kind, toStatus, createdAt, actorId, note }) => ({ id, kind, toStatus, createdAt, bySystem: actorId === null, note })),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const order = await orderFor(actor, orderId(params.id));
  const payment =
    (order.paymentMethod === "bank_transfer" && order.paymentStatus === "unpaid" && order.status === "placed") || owedOnTerms(order)
      ? await bankTransferInstructions(order.number, order.totalVnd)
      : null;
  const actions = movesOf(order);
  // Transfers arrive in the platform's account: an operator says when one has.
  const canMarkPaid = order.viewer === "operator" && transferMayBeRecorded(order);
  const [refunds, refundable] = await Promise.all([refundsOf(order.id), refundableVnd(order)]);
  const canRefund = order.viewer === "operator" && mayBeRefunded(order) && refundable > 0;
  // The buyer side may repeat the order every week (decision 032), or finds the standing order repeating it.
  const standingId = order.viewer === "buyer" ? await standingOfOrder(order.id) : null;
  // Only an order that went ahead may be repeated (not one waiting, cancelled, declined or expired).
  const mayRepeat = order.viewer === "buyer" && REPEATABLE.includes(order.status);
  // Its buyer reviews a completed order on a page of its own (decision 040), which says when it may not.
  const reviewLink = order.viewer === "buyer" && order.status === "completed";
  // Buyer–farm messages about this order (decision 041).
  const messagesPath = await orderConversationPath(actor, order.id);
  return {
    order: shownOrder(order),
    payment,
    actions,
    canMarkPaid,
    canRefund,
    refundable,
    refunds: refunds.filter((r) => r.status !== "failed"),
    standingId,
    mayRepeat,
    reviewLink,
    messagesPath,
    papers: await papersOf(actor, order),
  };
}

/** The order's papers (decision 043): its invoice and credit notes, the delivery note once accepted, and whether a credit note may be issued here. */
async function papersOf(actor: Actor, order: Awaited<ReturnType<typeof orderFor>>) {
  const issued = await invoicesOfOrder(actor, order.id);
  const invoice = issued?.invoice ?? null;
  return {
    invoice: invoice ? { number: invoice.number } : null,
    creditNotes: (issued?.creditNotes ?? []).map((c) => ({ id: c.id, number: c.number, totalVnd: c.totalVnd })),
    remainingVnd: issued?.remainingVnd ?? 0,
    deliveryNote: DELIVERABLE.includes(order.status),
    canCredit: invoice !== null && (issued?.remainingVnd ?? 0) > 0 && order.viewer === "farmer" && (await mayCorrectInvoices(actor, order.farmId)),
  };
}

const actionSchema = z.object({
  action: z.enum(["accept", "decline", "pack", "ship", "deliver", "complete", "cancel", "paid", "refund", "credit"], { error: "errors.form.tampered" }),
});

type CreditFieldErrors = Partial<Record<"amountVnd" | "reason", string[]>>;

/** A credit note against the order's invoice (decision 043): checked, then asked again (it cannot be undone), then issued. */
async function creditAction(actor: Actor, id: number, form: Record<string, FormDataEntryValue>) {
  const creditValues = { amountVnd: String(form.amountVnd ?? ""), reason: String(form.reason ?? "") };
  const input = creditNoteSchema.safeParse(form);
  if (!input.success) return { creditValues, creditErrors: z.flattenError(input.error).fieldErrors as CreditFieldErrors };
  const papers = await invoicesOfOrder(actor, id);
  if (!papers) throw new Response("Not found", { status: 404 });
  if (!papers.invoice) return { creditValues, creditErrors: { amountVnd: ["orders.refused"] } };
  // Someone who may see the order but not correct its invoice is not asked to confirm what they cannot do.
  if (!(await mayCorrectInvoices(actor, papers.invoice.farmId))) throw new Response("Not found", { status: 404 });
  if (form.confirm !== CONFIRMED) return data({ confirmCredit: { ...creditValues, amount: input.data.amountVnd, number: papers.invoice.number } });
  try {
    await issueCreditNote(actor, papers.invoice.id, input.data);
  } catch (error) {
    return { creditValues, creditErrors: formRefusal(error).fieldErrors as CreditFieldErrors };
  }
  return redirect(`/orders/${id}?credited=1`);
}

type RefundFieldErrors = Partial<Record<"amountVnd" | "reason" | "reference", string[]>>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, actor } = await requireActor(request);
  const id = orderId(params.id);
  const form = Object.fromEntries(await readForm(request));
  const parsed = actionSchema.safeParse(form);
  if (!parsed.success) return data({ formErrors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
  const { action } = parsed.data;
  if (action === "credit") return creditAction(actor, id, form);
  if (action === "refund") {
    if (!can(actor, "ops.payments", { kind: "platform" })) throw new Response("Not found", { status: 404 });
    // All that is left, or part of it (a line short or spoiled) with why; by transfer, its reference.
    const values = { amountVnd: String(form.amountVnd ?? ""), reason: String(form.reason ?? ""), reference: String(form.reference ?? "") };
    const input = orderRefundSchema.safeParse(form);
    if (!input.success) return { values, errors: z.flattenError(input.error).fieldErrors as RefundFieldErrors };
    const { amountVnd, reason, reference } = input.data;
    const refunded = await refundPaidOrder(id, user.id, reference, amountVnd === undefined ? undefined : { amountVnd, reason: reason ?? null });
    if (refunded.ok) return redirect(`/orders/${id}`);
    if (refunded.reason === "not_found") throw new Response("Not found", { status: 404 });
    const errors: RefundFieldErrors =
      refunded.reason === "reference_required"
        ? { reference: ["orders.referenceRequired"] }
        : refunded.reason === "over_remaining"
          ? { amountVnd: ["refundOps.errors.overRemaining"] }
          : { amountVnd: ["orders.refused"] };
    return { values, errors };
  }
  if (action !== "paid" && IRREVERSIBLE.includes(action) && form.confirm !== CONFIRMED) {
    // Not yet: ask first (a move the order no longer allows is refused as when confirmed).
    if (!movesOf(await orderFor(actor, id)).includes(action)) return redirect(`/orders/${id}?refused=1`);
    return data({ confirm: action });
  }
  const result = action === "paid" ? await markOrderPaid(id, actor) : await transitionOrder(id, action, actor);
  if (!result.ok && result.reason === "not_found") throw new Response("Not found", { status: 404 });
  // A repeated post (a double tap without JavaScript) finds the move made: it lands where the first did.
  const repeated = !result.ok && action !== "paid" && (await orderFor(actor, id)).status === TRANSITIONS[action].to;
  if (!result.ok && !repeated) return redirect(`/orders/${id}?refused=1`);
  const back = new URL(request.url).searchParams.get("back");
  return redirect(back === "inbox" ? "/sell/orders" : `/orders/${id}`);
}

function eventLabel(kind: string, method: string): string {
  if (kind === "paid") return method === "card" ? "orders.eventPaidCard" : "orders.eventPaid";
  return (
    {
      payment_failed: "orders.eventPaymentFailed",
      cash_collected: "cashOnDelivery.collected",
      refund_requested: "orders.eventRefundRequested",
      refunded: "orders.eventRefunded",
      refund_failed: "orders.eventRefundFailed",
      refunded_part: "refundOps.eventRefundedPart",
      paid_after_expiry: "refundOps.eventPaidAfterExpiry",
      approved: "approval.eventApproved",
      rejected: "approval.eventRejected",
    }[kind] ?? "orders.eventOther"
  );
}

export default function OrderPage() {
  const t = useT();
  const locale = useLocale();
  const { order, payment, actions, canMarkPaid, canRefund, refundable, refunds, standingId, mayRepeat, reviewLink, messagesPath, papers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const creditData = actionData && "creditValues" in actionData ? actionData : undefined;
  const confirmCredit = actionData && "confirmCredit" in actionData ? actionData.confirmCredit : undefined;
  const refundData = actionData && "values" in actionData ? actionData : undefined;
  const confirming = actionData && "confirm" in actionData ? actionData.confirm : undefined;
  const forward = actions.filter((a) => !IRREVERSIBLE.includes(a));
  const irreversible = actions.filter((a) => IRREVERSIBLE.includes(a));
  // A refund posted where the page offers none (no longer, or never, refundable) is answered at the top.
  const formErrors =
    actionData && "formErrors" in actionData
      ? actionData.formErrors
      : refundData && !canRefund
        ? Object.values(refundData.errors).flatMap((e) => e ?? [])
        : undefined;
  const [params] = useSearchParams();
  const when = (d: string | Date) => formatInstant(d, locale, { time: true });
  return (
    <article className="order-page">
      <h1>{t("orders.heading", { number: order.number })}</h1>
      {order.poNumber ? (
        <p>
          {t("business.poNumber")}: {order.poNumber}
        </p>
      ) : null}
      <FormErrors errors={formErrors} />
      {reviewLink ? (
        <p>
          <Link to={`/orders/${order.id}/review`} className="button">
            {t("reviews.reviewOrder")}
          </Link>
        </p>
      ) : null}
      {params.get("placed") ? (
        <p className="notice" role="status">
          {t("orders.placed", { count: 1 })}
        </p>
      ) : null}
      {params.get("credited") ? (
        <p className="notice" role="status">
          {t("invoices.credited")}
        </p>
      ) : null}
      {params.get("refused") ? (
        <p className="field-errors" role="alert">
          {params.get("refused") === "reference" ? t("orders.referenceRequired") : t("orders.refused")}
        </p>
      ) : null}
      {order.status === "awaiting_approval" ? (
        <p className="notice" role="status">
          {t("approval.waitingNotice")}
        </p>
      ) : null}
      {order.viewer === "buyer" && order.status === "awaiting_payment" ? (
        <p className="notice">
          <a href={`/payments/card/${order.checkoutId}`}>{t("orders.payByCard")}</a>
        </p>
      ) : null}
      <p>
        <span className={`state status-${order.status}`}>{t(`orderStatus.${order.status}`)}</span> · {order.farm.name} ·{" "}
        {t(`payment.${order.paymentMethod}`)} · {t(`paymentStatus.${order.paymentStatus}`)}
        {order.dueAt ? " · " : null}
        <DueDate dueAt={order.dueAt} overdue={order.overdue} />
      </p>
      <table className="price-tiers">
        <tbody>
          {order.items.map((i) => (
            <tr key={i.listingId}>
              <td>{i.title}</td>
              <td>
                {formatQuantity(i.quantity, locale)} {t(`units.${i.unit}`)} × {formatVnd(i.unitPriceVnd, locale)}
              </td>
              <td>{formatVnd(i.lineTotalVnd, locale)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row" colSpan={2}>
              {t("orders.total")}
            </th>
            <td>
              <strong>{formatVnd(order.totalVnd, locale)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      <OrderPapers orderId={order.id} papers={papers} creditData={creditData} confirmCredit={confirmCredit} />
      <p className="meta">
        {t("orders.deliverTo")}: {order.recipient}, {formatPhone(order.phone)} — {order.street} · {t(`delivery.${order.deliveryOption}`)}
      </p>

      {payment ? (
        <section className="bank-transfer" aria-labelledby="pay-heading">
          <h2 id="pay-heading">{t("orders.payByTransfer")}</h2>
          <div className="qr" role="img" aria-label={t("orders.qrLabel")} dangerouslySetInnerHTML={{ __html: payment.qrSvg }} />
          <dl className="facts">
            <dt>{t("orders.account")}</dt>
            <dd>
              {payment.accountNumber} · {payment.accountName}
            </dd>
            <dt>{t("orders.amount")}</dt>
            <dd>{formatVnd(payment.amountVnd, locale)}</dd>
            <dt>{t("orders.transferNote")}</dt>
            <dd>
              <code>{payment.note}</code>
            </dd>
          </dl>
          {order.expiresAt ? <p className="meta">{t("orders.payBefore", { when: when(order.expiresAt) })}</p> : null}
        </section>
      ) : null}

      {confirming ? (
        <ConfirmStep
          question={t(`confirm.${confirming}Question`, { number: order.number })}
          hint={t(`confirm.${confirming}Hint`)}
          confirmLabel={t(`confirm.${confirming}`)}
          backTo={`/orders/${order.id}`}
          fields={{ action: confirming }}
        />
      ) : (
        <>
          {forward.length || canMarkPaid ? (
            <Form method="post" className="actions">
              {forward.map((a) => (
                <SubmitButton key={a} name="action" value={a} className="button primary">
                  {t(`orderActions.${a}`)}
                </SubmitButton>
              ))}
              {canMarkPaid ? (
                <SubmitButton name="action" value="paid" className="button">
                  {t("orderActions.paid")}
                </SubmitButton>
              ) : null}
            </Form>
          ) : null}
          {/* Apart from the moves forward, and asked again before it acts. */}
          {irreversible.length ? (
            <Form method="post" className="actions irreversible-actions">
              {irreversible.map((a) => (
                <SubmitButton key={a} name="action" value={a} className="button quiet-danger">
                  {t(`orderActions.${a}`)}
                </SubmitButton>
              ))}
            </Form>
          ) : null}
        </>
      )}
      {refunds.length ? (
        <ul className="refunds" aria-label={t("refundOps.refundsOfOrder")}>
          {refunds.map((r) => (
            <li key={r.id}>
              {formatVnd(r.amountVnd, locale)} · {t(`refundOps.status.${r.status}`)}
              {r.reason ? ` · ${r.reason}` : ""}
              {r.reference ? ` · ${r.reference}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {canRefund ? (
        <Form method="post" className="actions" aria-label={t("orderActions.refund")}>
          <label>
            <span className="field-label">{t("refundOps.amountField", { left: formatVnd(refundable, locale) })}</span>
            <input name="amountVnd" inputMode="numeric" defaultValue={refundData?.values.amountVnd} aria-invalid={refundData?.errors.amountVnd ? true : undefined} />
          </label>
          <FieldErrors errors={refundData?.errors.amountVnd} />
          <label>
            <span className="field-label">{t("refundOps.reasonField")}</span>
            <input name="reason" maxLength={200} defaultValue={refundData?.values.reason} aria-invalid={refundData?.errors.reason ? true : undefined} />
          </label>
          <FieldErrors errors={refundData?.errors.reason} />
          {order.paymentMethod === "card" ? null : (
            <label>
              <span className="field-label">{t("orders.refundReference")}</span>
              <input name="reference" maxLength={60} defaultValue={refundData?.values.reference} aria-invalid={refundData?.errors.reference ? true : undefined} />
            </label>
          )}
          <FieldErrors errors={refundData?.errors.reference} />
          <SubmitButton name="action" value="refund" className="button">
            {t("orderActions.refund")}
          </SubmitButton>
        </Form>
      ) : null}

      {messagesPath ? (
        <p>
          <Link to={messagesPath}>{t("messages.askOrder")}</Link>
        </p>
      ) : null}

      {standingId ? (
        <p>
          <Link to={`/standing/${standingId}`}>{t("standing.title")}</Link>
        </p>
      ) : mayRepeat ? (
        <RepeatWeeklyForm values={{ orderId: String(order.id), weekday: "1", paymentMethod: order.paymentMethod === "bank_transfer" ? "bank_transfer" : "cod" }} />
      ) : null}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t("orders.timeline")}</h2>
        <ol className="timeline">
          {order.events.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.createdAt).toISOString()}>{when(e.createdAt)}</time> —{" "}
              {e.kind === "status" ? t(`orderStatus.${e.toStatus ?? "placed"}`) : t(eventLabel(e.kind, order.paymentMethod))}
              {e.bySystem ? ` (${t("orders.system")})` : ""}
              {e.note ? `: ${e.note}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

type Papers = Awaited<ReturnType<typeof loader>>["papers"];

/** The order's papers as links to their PDFs (resource routes: plain links, no client routing), and the credit note form for the farm. */
function OrderPapers({
  orderId,
  papers,
  creditData,
  confirmCredit,
}: {
  orderId: number;
  papers: Papers;
  creditData?: { creditValues: { amountVnd: string; reason: string }; creditErrors: CreditFieldErrors };
  confirmCredit?: { amountVnd: string; reason: string; amount: number; number: string };
}) {
  const t = useT();
  const locale = useLocale();
  if (!papers.invoice && !papers.deliveryNote) return null;
  return (
    <section className="order-papers" aria-labelledby="papers-heading">
      <h2 id="papers-heading">{t("invoices.heading")}</h2>
      <ul>
        {papers.invoice ? (
          <li>
            <a href={`/orders/${orderId}/invoice.pdf`}>{t("invoices.invoicePdf", { number: papers.invoice.number })}</a>
          </li>
        ) : (
          <li>{t("invoices.notYet")}</li>
        )}
        {papers.creditNotes.map((c) => (
          <li key={c.id}>
            <a href={`/invoices/${c.id}/pdf`}>{t("invoices.creditNotePdf", { number: c.number })}</a> · −{formatVnd(c.totalVnd, locale)}
          </li>
        ))}
        {papers.deliveryNote ? (
          <li>
            <a href={`/orders/${orderId}/delivery-note.pdf`}>{t("invoices.deliveryNotePdf")}</a>
          </li>
        ) : null}
      </ul>
      {confirmCredit ? (
        <ConfirmStep
          question={t("invoices.confirmQuestion", { amount: formatVnd(confirmCredit.amount, locale), number: confirmCredit.number })}
          hint={t("invoices.confirmHint")}
          confirmLabel={t("invoices.issueCredit")}
          backTo={`/orders/${orderId}`}
          fields={{ action: "credit", amountVnd: confirmCredit.amountVnd, reason: confirmCredit.reason }}
        />
      ) : papers.canCredit || creditData ? (
        <Form method="post" className="actions" aria-label={t("invoices.creditHeading")}>
          <label>
            <span className="field-label">{t("invoices.amountField", { left: formatVnd(papers.remainingVnd, locale) })}</span>
            <input name="amountVnd" inputMode="numeric" defaultValue={creditData?.creditValues.amountVnd} aria-invalid={creditData?.creditErrors.amountVnd ? true : undefined} />
          </label>
          <FieldErrors errors={creditData?.creditErrors.amountVnd} />
          <label>
            <span className="field-label">{t("invoices.reasonField")}</span>
            <input name="reason" maxLength={200} defaultValue={creditData?.creditValues.reason} aria-invalid={creditData?.creditErrors.reason ? true : undefined} />
          </label>
          <FieldErrors errors={creditData?.creditErrors.reason} />
          <SubmitButton name="action" value="credit" className="button">
            {t("invoices.issueCredit")}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
