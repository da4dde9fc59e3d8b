import { getFormProps, getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RequestReach } from "~/components/request-reach";
import { Field, FormErrors, summaryOf, translateError } from "~/components/ui/field";
import { RequiredLegend } from "~/components/ui/required";
import { SubmitButton } from "~/components/ui/submit-button";
import { postQuoteMessage, requestForFarm, reviseQuote, submitQuote, withdrawQuote } from "~/models/rfq.server";
import { DomainError } from "~/policy/errors";
import { formRefusal, refusal, requireSeller } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatDate, formatInstant, formatQuantity, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { parseId } from "~/validation/ids";
import { quoteMessageSchema, quoteSchema } from "~/validation/rfq";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sellRequests");

async function load(request: Request, params: { id?: string }) {
  const seller = await requireSeller(request, "quote.answer");
  const id = parseId(params.id);
  if (id === null || !seller.farm) throw new Response("Not Found", { status: 404 });
  try {
    return { seller, farmId: seller.farm.id, id, view: await requestForFarm(seller.actor, seller.farm.id, id) };
  } catch (error) {
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view } = await load(request, params);
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { seller, farmId, id, view } = await load(request, params);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const submission = parseWithZod(formData, { schema: quoteSchema });
  // The quote form answers as conform does; the withdraw and message forms with their messages.
  const reply = (fieldErrors: Record<string, string[]> = {}, formErrors: string[] = []) =>
    data(
      {
        intent,
        result: intent === "quote" ? submission.reply({ fieldErrors, formErrors }) : undefined,
        errors: intent === "quote" ? [] : [...formErrors, ...Object.values(fieldErrors).flat()],
        version: String(formData.get("version") ?? ""),
      },
      { status: 400 },
    );
  try {
    if (intent === "quote") {
      if (submission.status !== "success") return reply();
      if (view.quote && view.quote.state !== "withdrawn") {
        const seen = parseId(formData.get("version"));
        if (seen === null) return reply({}, ["errors.form.tampered"]);
        await reviseQuote(seller.actor, view.quote.id, submission.value, seen);
      } else {
        await submitQuote(seller.actor, id, farmId, submission.value);
      }
      return redirect(`/sell/requests/${id}?saved=1`);
    }
    if (intent === "withdraw" && view.quote) {
      if (formData.get("confirm") !== "1") return reply({ confirm: ["errors.rfq.confirm"] });
      await withdrawQuote(seller.actor, view.quote.id);
      return redirect(`/sell/requests/${id}`);
    }
    if (intent === "message" && view.quote) {
      const parsed = quoteMessageSchema.safeParse({ body: formData.get("body") ?? undefined });
      if (!parsed.success) return reply({ body: parsed.error.issues.map((i) => i.message) });
      await postQuoteMessage(seller.actor, view.quote.id, parsed.data.body);
      return redirect(`/sell/requests/${id}#thread`);
    }
    return data({ intent: "other", result: undefined, errors: ["errors.form.tampered"], version: "" }, { status: 400 });
  } catch (error) {
    const { formErrors, fieldErrors } = formRefusal(error);
    return reply(fieldErrors, formErrors);
  }
}

export default function SellerRequest() {
  const t = useT();
  const locale = useLocale();
  const { request, quote, thread, listings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const quoteReply = actionData?.intent === "quote" ? actionData.result : undefined;
  const [form, fields] = useLazyForm(() => import("~/validation/rfq").then((m) => m.quoteSchema), {
    id: "quote",
    lastResult: quoteReply,
    defaultValue: quote
      ? {
          listingId: String(quote.listingId),
          pricePerUnitVnd: String(quote.pricePerUnitVnd),
          quantity: String(quote.quantity),
          earliestDelivery: quote.earliestDelivery,
          validUntil: quote.validUntil,
          note: quote.note,
        }
      : { earliestDelivery: request.deliverFrom, validUntil: request.deliverTo },
  });
  const quotable = request.state === "open";
  const live = quote && quote.state === "submitted";
  // Refusals of the withdraw form (and of tampered posts) above it: the form is gone once the quote is withdrawn.
  const otherErrors = actionData?.intent === "other" || actionData?.intent === "withdraw" ? actionData.errors : [];
  const formShown = quotable && listings.length > 0 && (!quote || quote.state === "submitted" || quote.state === "withdrawn");
  const quoteErrors = Object.values(quoteReply?.error ?? {})
    .flat()
    .filter((e): e is string => typeof e === "string");
  const messageErrors = actionData?.intent === "message" && actionData.errors.length ? actionData.errors : undefined;
  return (
    <section className="rfq-page">
      <h1>
        {request.product} — {t(`rfq.state.${request.state}`)}
      </h1>
      <ul className="facts">
        <li>
          {t("rfq.company")}: {request.companyName}
        </li>
        <li>{t("rfq.requested", { quantity: formatQuantity(request.quantity, locale), unit: t(`units.${request.unit}`) })}</li>
        {request.grade ? <li>{t("rfq.grade")}: {request.grade}</li> : null}
        {request.certifications.length ? <li>{t("rfq.certifications")}: {request.certifications.map((c) => t(`certifications.${c}`)).join(", ")}</li> : null}
        <li>
          {t("rfq.deliverTo_")}: {request.communeName}, {request.provinceName}
        </li>
        <li>{t("rfq.deliverWindow", { from: formatDate(request.deliverFrom, locale), to: formatDate(request.deliverTo, locale) })}</li>
        {request.targetPriceVnd ? <li>{t("rfq.target")}: {formatVnd(request.targetPriceVnd, locale)}</li> : null}
        <li>{t("rfq.deadlineAt", { at: formatInstant(request.deadline, locale, { time: true }) })}</li>
      </ul>
      <RequestReach request={request} />

      <h2>{t("rfq.yourQuote")}</h2>
      {otherErrors.length ? <FormErrors errors={otherErrors} /> : null}
      {quote ? (
        <p>
          {t(`rfq.quoteState.${quote.state}`)} · {t("rfq.version", { version: String(quote.version) })}
        </p>
      ) : null}
      {!formShown && actionData?.intent === "quote" ? <FormErrors errors={quoteErrors} /> : null}
      {!quotable ? (
        <p>{t("rfq.closedForQuotes")}</p>
      ) : listings.length === 0 ? (
        <p>{t("rfq.needListing")}</p>
      ) : quote && quote.state !== "submitted" && quote.state !== "withdrawn" ? null : (
        <Form method="post" {...getFormProps(form)} className="stack">
          <input type="hidden" name="intent" value="quote" />
          <input type="hidden" name="version" value={actionData?.intent === "quote" && actionData.version ? actionData.version : String(quote?.version ?? "")} />
          <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors, { intent: null, version: null })} />
          <RequiredLegend />
          <Field required label={t("rfq.quoteListing")} errors={fields.listingId.errors}>
            <select {...getSelectProps(fields.listingId)}>
              <option value="">—</option>
              {listings.map((l) => (
                <option key={l.id} value={String(l.id)}>
                  {l.title}
                </option>
              ))}
            </select>
          </Field>
          <Field required label={t("rfq.quotePrice")} errors={fields.pricePerUnitVnd.errors}>
            <input {...getInputProps(fields.pricePerUnitVnd, { type: "text" })} inputMode="numeric" />
          </Field>
          <Field required label={`${t("rfq.quoteQuantityField")} (${t(`units.${request.unit}`)})`} errors={fields.quantity.errors}>
            <input {...getInputProps(fields.quantity, { type: "text" })} inputMode="decimal" />
          </Field>
          <div className="row">
            <Field required label={t("rfq.earliestDelivery")} errors={fields.earliestDelivery.errors}>
              <input {...getInputProps(fields.earliestDelivery, { type: "date" })} />
            </Field>
            <Field required label={t("rfq.validUntilField")} errors={fields.validUntil.errors}>
              <input {...getInputProps(fields.validUntil, { type: "date" })} />
            </Field>
          </div>
          <Field label={t("rfq.note")} errors={fields.note.errors}>
            <textarea {...getTextareaProps(fields.note)} rows={3} />
          </Field>
          <SubmitButton className="button primary">{live ? t("rfq.reviseQuote") : t("rfq.submitQuote")}</SubmitButton>
        </Form>
      )}
      {live && quotable ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="withdraw" />
          <label className="checkbox">
            <input type="checkbox" name="confirm" value="1" /> {t("rfq.confirmWithdraw")}
          </label>
          <SubmitButton className="button danger">{t("rfq.withdraw")}</SubmitButton>
        </Form>
      ) : null}

      {quote ? (
        <section id="thread" className="thread" aria-label={t("rfq.thread")}>
          <h2>{t("rfq.thread")}</h2>
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
            <label htmlFor="thread-body">{t("rfq.messageBody")}</label>
            <textarea id="thread-body" name="body" rows={2} aria-invalid={messageErrors ? true : undefined} aria-describedby={messageErrors ? "thread-body-error" : undefined} />
            {messageErrors ? (
              <div id="thread-body-error" className="field-errors" role="alert">
                {messageErrors.map((e) => (
                  <p key={e}>{translateError(t, e)}</p>
                ))}
              </div>
            ) : null}
            <SubmitButton className="button">{t("rfq.send")}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
