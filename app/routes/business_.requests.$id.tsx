import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RequestReach } from "~/components/request-reach";
import { FormErrors, translateError } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { readAcceptance } from "~/models/rfq-forms.server";
import { termsInForce } from "~/models/terms.server";
import { acceptQuotes, cancelRequest, postQuoteMessage, requestForBuyer, threadsForBuyer } from "~/models/rfq.server";
import { DomainError } from "~/policy/errors";
import { formRefusal, idParam, refusal, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatDate, formatInstant, formatQuantity, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";
import { quoteMessageSchema } from "~/validation/rfq";
import { z } from "~/validation/zod";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "rfq");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const id = idParam(params.id);
  try {
    const [view, messages] = await Promise.all([requestForBuyer(actor, id), threadsForBuyer(actor, id)]);
    // Net terms offered when the company has them in force (decision 031; checked again on acceptance).
    return { ...view, messages, netTerms: (await termsInForce(view.request.companyId)) !== null };
  } catch (error) {
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
}

type ActionReply = { intent: string; formErrors: string[]; fieldErrors: Record<string, string[]>; values?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const id = idParam(params.id);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const values = Object.fromEntries([...formData.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const refuse = (fieldErrors: Record<string, string[]>, formErrors: string[] = []) => data<ActionReply>({ intent, formErrors, fieldErrors, values }, { status: 400 });
  try {
    if (intent === "accept") {
      const { lines, fieldErrors } = readAcceptance(formData);
      const payment = z.enum(["cod", "bank_transfer", "net_terms"]).safeParse(formData.get("paymentMethod"));
      if (!payment.success) fieldErrors.paymentMethod = ["errors.payment.required"];
      if (formData.get("confirm") !== "1") fieldErrors.confirm = ["errors.rfq.confirm"];
      if (!lines.length && !Object.keys(fieldErrors).length) fieldErrors.quotes = ["errors.rfq.noneChosen"];
      if (Object.keys(fieldErrors).length || !payment.success) return refuse(fieldErrors);
      await acceptQuotes(actor, id, lines, { paymentMethod: payment.data });
      return redirect(`/business/requests/${id}`);
    }
    if (intent === "cancel") {
      if (formData.get("confirm") !== "1") return refuse({ confirm: ["errors.rfq.confirm"] });
      await cancelRequest(actor, id);
      return redirect(`/business/requests/${id}`);
    }
    if (intent === "message") {
      const quoteId = parseId(formData.get("quoteId"));
      const parsed = quoteMessageSchema.safeParse({ body: formData.get("body") ?? undefined });
      // Only quotes of this request, through this page.
      const view = await requestForBuyer(actor, id);
      if (quoteId === null || !view.quotes.some((q) => q.id === quoteId)) return refuse({}, ["errors.form.tampered"]);
      if (!parsed.success) return refuse({ [`body.${quoteId}`]: parsed.error.issues.map((i) => i.message) });
      await postQuoteMessage(actor, quoteId, parsed.data.body);
      return redirect(`/business/requests/${id}#quote-${quoteId}`);
    }
    return refuse({}, ["errors.form.tampered"]);
  } catch (error) {
    const { formErrors, fieldErrors } = formRefusal(error);
    return refuse(fieldErrors, formErrors);
  }
}

export default function BuyerRequest() {
  const t = useT();
  const locale = useLocale();
  const { request, quotes, mayBuy, messages, netTerms } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ActionReply | undefined;
  const errorsOf = (intent: string, name: string) => (reply?.intent === intent ? reply.fieldErrors[name] : undefined);
  const acceptable = mayBuy && (request.state === "open" || request.state === "closed");
  const open = quotes.filter((q) => q.state === "submitted");
  return (
    <section className="rfq-page">
      <h1>
        {request.product} — {t(`rfq.state.${request.state}`)}
      </h1>
      <p>
        <Link to={`/business/${request.companyId}`}>{request.companyName}</Link>
      </p>
      <ul className="facts">
        <li>{t("rfq.requested", { quantity: formatQuantity(request.quantity, locale), unit: t(`units.${request.unit}`) })}</li>
        {request.grade ? <li>{t("rfq.grade")}: {request.grade}</li> : null}
        {request.certifications.length ? <li>{t("rfq.certifications")}: {request.certifications.map((c) => t(`certifications.${c}`)).join(", ")}</li> : null}
        <li>
          {t("rfq.deliverTo_")}: {request.street}, {request.communeName}, {request.provinceName}
        </li>
        <li>{t("rfq.deliverWindow", { from: formatDate(request.deliverFrom, locale), to: formatDate(request.deliverTo, locale) })}</li>
        {request.targetPriceVnd ? <li>{t("rfq.target")}: {formatVnd(request.targetPriceVnd, locale)}</li> : null}
        <li>{t("rfq.deadlineAt", { at: formatInstant(request.deadline, locale, { time: true }) })}</li>
      </ul>
      <RequestReach request={request} />
      {request.state === "closed" && acceptable ? <p className="notice">{t("rfqNotices.closedLead")}</p> : null}

      <h2>{t("rfq.quotes")}</h2>
      {reply ? <FormErrors errors={[...reply.formErrors, ...(reply.intent === "message" ? [] : Object.values(reply.fieldErrors).flat())]} /> : null}
      {quotes.length === 0 ? (
        <p>{t("rfq.noQuotes")}</p>
      ) : (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="accept" />
          <div className="table-wrap">
            <table className="quotes-table">
              <thead>
                <tr>
                  <th scope="col">{t("rfq.farm")}</th>
                  <th scope="col">{t("rfq.price")}</th>
                  <th scope="col">{t("rfq.quoteQuantity")}</th>
                  <th scope="col">{t("rfq.earliest")}</th>
                  <th scope="col">{t("rfq.place")}</th>
                  <th scope="col">{t("rfqNotices.distance")}</th>
                  <th scope="col">{t("rfq.certifications")}</th>
                  <th scope="col">{t("rfq.verification")}</th>
                  <th scope="col">{t("rfq.validUntil")}</th>
                  {acceptable ? <th scope="col">{t("rfq.accept")}</th> : <th scope="col">{t("rfq.quoteState.submitted")}</th>}
                </tr>
              </thead>
              <tbody>
                {quotes.map((q) => {
                  const name = `quantity.${q.id}`;
                  const errors = errorsOf("accept", name);
                  return (
                    <tr key={q.id} id={`quote-${q.id}`}>
                      <td data-label={t("rfq.farm")}>
                        <Link to={`/farms/${q.farmSlug}`}>{q.farmName}</Link>
                        {q.note ? <p className="muted">{q.note}</p> : null}
                      </td>
                      <td data-label={t("rfq.price")}>{formatVnd(q.pricePerUnitVnd, locale)}</td>
                      <td data-label={t("rfq.quoteQuantity")}>
                        {formatQuantity(q.quantity, locale)} {t(`units.${request.unit}`)}
                      </td>
                      <td data-label={t("rfq.earliest")}>{formatDate(q.earliestDelivery, locale)}</td>
                      <td data-label={t("rfq.place")}>
                        {q.communeName}, {q.provinceName}
                      </td>
                      <td data-label={t("rfqNotices.distance")}>{t(`rfqNotices.${q.distance}`, { province: q.provinceName })}</td>
                      <td data-label={t("rfq.certifications")}>{q.certifications.map((c) => t(`certifications.${c}`)).join(", ") || "—"}</td>
                      <td data-label={t("rfq.verification")}>{t(`verification.${q.verification}`)}</td>
                      <td data-label={t("rfq.validUntil")}>{formatDate(q.validUntil, locale)}</td>
                      <td data-label={t("rfq.accept")}>
                        {acceptable && q.state === "submitted" ? (
                          <>
                            <input type="hidden" name={`version.${q.id}`} value={String(q.version)} />
                            <label htmlFor={`accept-${q.id}`} className="visually-hidden">
                              {t("rfq.acceptQuantity", { farm: q.farmName })}
                            </label>
                            <input
                              id={`accept-${q.id}`}
                              name={name}
                              type="text"
                              inputMode="decimal"
                              defaultValue={reply?.intent === "accept" ? (reply.values?.[name] ?? "") : ""}
                              aria-invalid={errors ? true : undefined}
                              aria-describedby={errors ? `accept-${q.id}-error` : undefined}
                            />
                            {errors ? (
                              <div id={`accept-${q.id}-error`} className="field-errors" role="alert">
                                {errors.map((e) => (
                                  <p key={e}>{translateError(t, e)}</p>
                                ))}
                              </div>
                            ) : null}
                          </>
                        ) : (
                          <>
                            {t(`rfq.quoteState.${q.state}`)}
                            {q.acceptedQuantity !== null ? ` · ${t("rfq.accepted", { quantity: formatQuantity(q.acceptedQuantity, locale) })}` : null}
                            {q.orderId ? (
                              <>
                                {" "}
                                <Link to={`/orders/${q.orderId}`}>{t("rfq.order")}</Link>
                              </>
                            ) : null}
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {acceptable && open.length ? (
            <>
              <p>{t("rfq.acceptLead")}</p>
              <fieldset>
                <legend>{t("rfq.paymentMethod")}</legend>
                {(netTerms ? (["bank_transfer", "cod", "net_terms"] as const) : (["bank_transfer", "cod"] as const)).map((m) => (
                  <label key={m} className="radio">
                    <input type="radio" name="paymentMethod" value={m} defaultChecked={m === "bank_transfer"} /> {t(`payment.${m}`)}
                  </label>
                ))}
                {errorsOf("accept", "paymentMethod") ? <FormErrors errors={errorsOf("accept", "paymentMethod")} /> : null}
              </fieldset>
              <label className="checkbox">
                <input type="checkbox" name="confirm" value="1" /> {t("rfq.confirmAccept")}
              </label>
              <SubmitButton className="button primary">{t("rfq.acceptSubmit")}</SubmitButton>
            </>
          ) : null}
        </Form>
      )}

      {quotes.length ? <h2>{t("rfq.thread")}</h2> : null}
      {quotes.map((q) => {
        const thread = messages.filter((m) => m.quoteId === q.id);
        const errors = errorsOf("message", `body.${q.id}`);
        return (
          <section key={q.id} className="thread" aria-label={`${t("rfq.thread")}: ${q.farmName}`}>
            <h3>{q.farmName}</h3>
            {thread.length === 0 ? <p className="muted">{t("rfq.noMessages")}</p> : null}
            <ul>
              {thread.map((m) => (
                <li key={m.id}>
                  <strong>{m.authorName}</strong> · {formatInstant(m.createdAt, locale, { time: true })}: {m.body}
                </li>
              ))}
            </ul>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="message" />
              <input type="hidden" name="quoteId" value={String(q.id)} />
              <label htmlFor={`body-${q.id}`}>{t("rfq.messageBody")}</label>
              <textarea id={`body-${q.id}`} name="body" rows={2} aria-invalid={errors ? true : undefined} aria-describedby={errors ? `body-${q.id}-error` : undefined} />
              {errors ? (
                <div id={`body-${q.id}-error`} className="field-errors" role="alert">
                  {errors.map((e) => (
                    <p key={e}>{translateError(t, e)}</p>
                  ))}
                </div>
              ) : null}
              <SubmitButton className="button">{t("rfq.send")}</SubmitButton>
            </Form>
          </section>
        );
      })}

      {mayBuy && (request.state === "open" || request.state === "closed") ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="cancel" />
          <label className="checkbox">
            <input type="checkbox" name="confirm" value="1" /> {t("rfq.confirmCancel")}
          </label>
          <SubmitButton className="button danger">{t("rfq.cancel")}</SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
