import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, redirectDocument, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useT } from "~/utils/use-t";
import { ProvinceCommuneFields } from "~/components/province-commune";
import { controlIdOf, Field, FieldErrors, FormErrors, summaryOf } from "~/components/ui/field";
import { RequiredLegend } from "~/components/ui/required";
import { cartItemsOf, priceCart } from "~/models/cart.server";
import { companiesToBuyFor } from "~/models/company.server";
import { companiesWithTerms } from "~/models/terms.server";
import { refusalFields } from "~/utils/refusal-fields.server";
import { lastAddress, placeOrders } from "~/models/orders/checkout.server";
import { CARD_MAX_VND, startCardPayment } from "~/models/payment.server";
import { communesOfPosted, listCommunes, listProvinces } from "~/models/place.server";
import { cardPaymentsEnabled, env, publicOrigin } from "~/utils/env.server";
import { formatQuantity, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { requireUser } from "~/utils/session.server";
import { useLazyForm } from "~/utils/use-lazy-form";
import { checkoutSchema } from "~/validation/cart";
import { DELIVERY_OPTIONS, PAYMENT_METHODS } from "~/validation/choices";
import { formatPhone } from "~/validation/phone";
import { readForm } from "~/utils/form.server";
import { SubmitButton } from "~/components/ui/submit-button";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "checkout");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const cart = await priceCart(await cartItemsOf(user.id));
  if (cart.count === 0) throw redirect("/cart");
  const [address, provinces, companies] = await Promise.all([lastAddress(user.id), listProvinces(), companiesToBuyFor(user.id)]);
  const communes = address ? await listCommunes(address.provinceCode) : [];
  // A fresh idempotency key for this form: submitting it twice makes one set of orders.
  const withTerms = await companiesWithTerms(companies.map((c) => c.id));
  const methods = PAYMENT_METHODS.filter((m) => (m !== "card" || cardPaymentsEnabled()) && (m !== "net_terms" || withTerms.length > 0));
  return { cart, address, provinces, communes, checkoutKey: randomUUID(), displayName: user.displayName, methods, cardMaxVnd: CARD_MAX_VND, companies };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: checkoutSchema });
  // Read only when the form is shown again.
  const communesFor = () => communesOfPosted(formData.get("provinceCode"));
  if (formData.get("intent") === "pick-province") return { result: submission.reply({ resetForm: false }), communes: await communesFor(), problems: [] };
  if (submission.status !== "success") return { result: submission.reply(), communes: await communesFor(), problems: [] };
  const { checkoutKey, paymentMethod, delivery, companyId, poNumber, ...address } = submission.value;
  if (paymentMethod === "card" && !cardPaymentsEnabled()) {
    return { result: submission.reply({ fieldErrors: { paymentMethod: ["errors.payment.cardUnavailable"] } }), communes: await communesFor(), problems: [] };
  }

  const placing = placeOrders({
    buyerId: user.id,
    checkoutKey,
    address,
    paymentMethod,
    deliveryOptions: Object.fromEntries(Object.entries(delivery ?? {}).map(([farmId, option]) => [Number(farmId), option])),
    holdMinutes: paymentMethod === "card" ? env().CARD_PAYMENT_HOLD_MINUTES : env().BANK_TRANSFER_HOLD_MINUTES,
    // Stripe's limit, checked on the prices read under the checkout's locks.
    maxTotalVnd: paymentMethod === "card" ? CARD_MAX_VND : undefined,
    company: companyId === null ? null : { id: companyId, poNumber },
  });
  // Net terms refused (none in force, over the credit limit): named on the payment field (decision 031).
  const result = await placing.catch((error: unknown) => ({ ok: false as const, reason: "refused" as const, fieldErrors: refusalFields(error) }));
  if (result.ok && paymentMethod === "card") {
    // Off to Stripe; if it cannot be reached, the payment page says so and offers to try again.
    const started = await startCardPayment(checkoutKey, user.id, publicOrigin(request));
    return started.ok ? redirectDocument(started.url) : redirect(`/payments/card/${checkoutKey}`);
  }
  if (result.ok) {
    // Waiting for the company's approver: the order pages say so (decision 033).
    const waiting = result.awaitingApproval ? "&approval=1" : "";
    return redirect(result.orderIds.length === 1 ? `/orders/${result.orderIds[0]}?placed=1${waiting}` : `/orders?placed=${result.orderIds.length}${waiting}`);
  }
  if (result.reason === "empty") return redirect("/cart");
  if (result.reason === "address") return { result: submission.reply({ fieldErrors: result.fieldErrors }), communes: await communesFor(), problems: [] };
  if (result.reason === "refused") return { result: submission.reply({ fieldErrors: result.fieldErrors }), communes: await communesFor(), problems: [] };
  if (result.reason === "company") return { result: submission.reply({ fieldErrors: { companyId: ["errors.company.buyRefused"] } }), communes: await communesFor(), problems: [] };
  if (result.reason === "approval_card") return { result: submission.reply({ fieldErrors: { paymentMethod: ["errors.approval.noCard"] } }), communes: await communesFor(), problems: [] };
  if (result.reason === "too_large") return { result: submission.reply({ fieldErrors: { paymentMethod: ["errors.payment.cardTooLarge"] } }), communes: await communesFor(), problems: [] };
  return { result: submission.reply({ formErrors: ["errors.checkout.unavailable"] }), communes: await communesFor(), problems: result.problems };
}

export default function Checkout() {
  const t = useT();
  const locale = useLocale();
  const { cart, address, provinces, communes: initialCommunes, checkoutKey, displayName, methods, cardMaxVnd, companies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useLazyForm(() => import("~/validation/cart").then((m) => m.checkoutSchema), {
    lastResult: actionData?.result,
    defaultValue: address
      ? { ...address, phone: formatPhone(address.phone), paymentMethod: "cod" }
      : { recipient: displayName, paymentMethod: "cod" },
  });

  return (
    <section className="form-page">
      <h1>{t("checkout.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="checkoutKey" value={checkoutKey} />
        {/* Hidden values (the form's key, each farm's delivery choice) have no field of their own to show an error beside. */}
        <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors, { checkoutKey: null, delivery: null })} />
        <RequiredLegend />
        {actionData?.problems.length ? (
          <div className="field-errors" role="alert">
            <ul>
            {actionData.problems.map((p) => (
              <li key={p.listingId}>
                {p.priceChanged
                  ? t("checkout.priceChanged", { title: p.title })
                  : p.available > 0
                    ? t("checkout.onlyLeft", { title: p.title, available: formatQuantity(p.available, locale) })
                    : t("checkout.noneLeft", { title: p.title })}
              </li>
            ))}
            <li>
              <Link to="/cart">{t("checkout.backToCart")}</Link>
            </li>
            </ul>
          </div>
        ) : null}
        {cart.groups.map((group) => (
          <fieldset key={group.farm.id} className="order-preview">
            <legend>{group.farm.name}</legend>
            <ul>
              {group.lines.map((l) => (
                <li key={l.listingId}>
                  {l.title} — {formatQuantity(l.quantity, locale)} {t(`units.${l.unit}`)} × {formatVnd(l.unitPriceVnd, locale)} ={" "}
                  <strong>{formatVnd(l.lineTotalVnd, locale)}</strong>
                </li>
              ))}
            </ul>
            <label>
              <span className="field-label">{t("checkout.delivery")}</span>
              <select name={`delivery.${group.farm.id}`} id={controlIdOf(form.id, `delivery.${group.farm.id}`)} defaultValue={group.lines[0]?.deliveryOptions[0] ?? "giao-tan-noi"}>
                {DELIVERY_OPTIONS.map((d) => (
                  <option key={d} value={d}>
                    {t(`delivery.${d}`)}
                  </option>
                ))}
              </select>
            </label>
            <p className="subtotal">
              {t("cart.subtotal")}: <strong>{formatVnd(group.subtotalVnd, locale)}</strong>
            </p>
          </fieldset>
        ))}
        {companies.length ? (
          <fieldset className="buy-for">
            <legend>{t("business.buyForTitle")}</legend>
            <Field label={t("business.buyFor")} errors={fields.companyId.errors}>
              <select {...getSelectProps(fields.companyId)}>
                <option value="">{t("business.buyForSelf")}</option>
                {companies.map((c) => (
                  <option key={c.id} value={c.id}>
                    {t("business.buyForCompany", { company: c.name })}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("business.poNumber")} hint={t("business.poNumberHint")} errors={fields.poNumber.errors}>
              <input {...getInputProps(fields.poNumber, { type: "text" })} maxLength={40} />
            </Field>
          </fieldset>
        ) : null}
        <fieldset className="address">
          <legend>{t("checkout.address")}</legend>
          <Field required label={t("checkout.recipient")} errors={fields.recipient.errors}>
            <input {...getInputProps(fields.recipient, { type: "text" })} autoComplete="name" />
          </Field>
          <Field required label={t("checkout.phone")} errors={fields.phone.errors}>
            <input {...getInputProps(fields.phone, { type: "tel" })} autoComplete="tel" />
          </Field>
          <ProvinceCommuneFields
            province={fields.provinceCode}
            commune={fields.communeCode}
            provinces={provinces}
            communes={initialCommunes}
            communesFromAction={actionData?.communes}
          />
          <Field required label={t("checkout.street")} errors={fields.street.errors}>
            <input {...getInputProps(fields.street, { type: "text" })} autoComplete="street-address" />
          </Field>
        </fieldset>
        <fieldset className="choices" id={controlIdOf(form.id, "paymentMethod")}>
          <legend>{t("checkout.payment")}</legend>
          {methods.map((m) => (
            <label key={m} className="choice">
              <input type="radio" name={fields.paymentMethod.name} value={m} defaultChecked={(fields.paymentMethod.initialValue ?? "cod") === m} />
              <span>
                <strong>{t(`payment.${m}`)}</strong>
                <small>{m === "card" ? t("payment.cardHint", { max: formatVnd(cardMaxVnd, locale) }) : t(`payment.${m}Hint`)}</small>
              </span>
            </label>
          ))}
          <FieldErrors errors={fields.paymentMethod.errors} />
        </fieldset>
        <div className="sticky-actions">
          <p className="cart-total">
            {t("cart.total")}: <strong>{formatVnd(cart.totalVnd, locale)}</strong>
          </p>
          <SubmitButton className="button primary">
            {t("checkout.place", { count: cart.groups.length })}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}
