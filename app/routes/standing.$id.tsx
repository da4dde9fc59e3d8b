/**
 * One standing order (decision 032): its lines, its past and coming weeks,
 * each week's order; the buyer side skips a coming week and pauses, resumes
 * or ends it (each form carries the version it showed); the farm sees it
 * and confirms each week by accepting that week's order.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { failedWeekKey } from "~/components/standing";
import { FormErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { LEAD_DAYS, moveStandingOrder, skipWeek, standingOrderFor } from "~/models/standing.server";
import { DomainError } from "~/policy/errors";
import { refusal, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatDate, formatQuantity, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "standingOne");

function idOf(params: { id?: string }): number {
  const id = parseId(params.id);
  if (id === null) throw new Response("Not Found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  try {
    return { ...(await standingOrderFor(actor, idOf(params))), leadDays: LEAD_DAYS };
  } catch (error) {
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
}

type Reply = { intent: string; date: string; formErrors: string[] };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const id = idOf(params);
  const form = await readForm(request);
  const text = (name: string) => (typeof form.get(name) === "string" ? String(form.get(name)) : "");
  const intent = text("intent");
  const refuse = (formErrors: string[]) => data<Reply>({ intent, date: text("date"), formErrors }, { status: 400 });
  const version = /^\d{1,9}$/.test(text("version")) ? Number(text("version")) : null;
  if (version === null) return refuse(["errors.form.tampered"]);
  try {
    if (intent === "skip") await skipWeek(actor, id, text("date"), version);
    else if (intent === "pause" || intent === "resume") await moveStandingOrder(actor, id, intent, version);
    else if (intent === "end") {
      if (text("confirm") !== "1") return refuse(["errors.standing.confirm"]);
      await moveStandingOrder(actor, id, "end", version);
    } else return refuse(["errors.form.tampered"]);
    return redirect(`/standing/${id}?saved=1`);
  } catch (error) {
    if (error instanceof DomainError && (error.kind === "invalid" || error.kind === "conflict")) return refuse([error.formMessage]);
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
}

export default function StandingOrderPage() {
  const t = useT();
  const locale = useLocale();
  const { standing, lines, weeks, mayManage, leadDays } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const open = standing.state !== "ended";
  return (
    <section className="standing-page">
      <h1>
        {t("standing.every", { day: t(`standing.weekday.${standing.weekday}`) })} — {standing.farmName}
      </h1>
      <p>
        <span className={`state standing-${standing.state}`}>{t(`standing.state.${standing.state}`)}</span> ·{" "}
        {standing.companyName && standing.companyId ? <Link to={`/business/${standing.companyId}`}>{standing.companyName}</Link> : t("standing.personal")} ·{" "}
        {t(`payment.${standing.paymentMethod}`)}
        {standing.poNumber ? ` · ${t("business.poNumber")}: ${standing.poNumber}` : ""}
      </p>
      <p className="meta">{t("standing.lead", { days: leadDays })}</p>
      {params.get("saved") && !reply ? (
        <p className="notice" role="status">
          {t("standing.saved")}
        </p>
      ) : null}
      <FormErrors errors={reply?.formErrors} />

      <h2>{t("standing.lines")}</h2>
      <table className="price-tiers">
        <tbody>
          {lines.map((l) => (
            <tr key={l.listingId}>
              <td>{l.title}</td>
              <td>
                {formatQuantity(l.quantity, locale)} {t(`units.${l.unit}`)} × {formatVnd(l.unitPriceVnd, locale)}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t("standing.weekTotal")}</th>
            <td>
              <strong>{formatVnd(standing.weekTotalVnd, locale)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      <p className="meta">
        {t(`standing.priceSource.${standing.priceSource}`)} · {t("standing.deliverTo")}: {standing.recipient}, {standing.street}
        {standing.sourceOrderId ? (
          <>
            {" · "}
            <Link to={`/orders/${standing.sourceOrderId}`}>{t("standing.fromOrder")}</Link>
          </>
        ) : null}
      </p>

      {mayManage && open ? (
        // Keyed by the state: pausing then resuming are two forms (a SubmitButton holds its form a moment after a submit).
        <Form key={standing.state} method="post" className="actions">
          <input type="hidden" name="version" value={standing.version} />
          {standing.state === "active" ? (
            <SubmitButton name="intent" value="pause" className="button">
              {t("standing.pause")}
            </SubmitButton>
          ) : (
            <SubmitButton name="intent" value="resume" className="button primary">
              {t("standing.resume")}
            </SubmitButton>
          )}
        </Form>
      ) : null}

      <h2>{t("standing.weeks")}</h2>
      <ul className="standing-weeks">
        {weeks.map((w) => (
          <li key={w.date}>
            <strong>{formatDate(w.date, locale)}</strong> — {t(`standing.weekState.${w.state}`)}
            {w.state === "failed" ? ` (${t(failedWeekKey(w.reason))})` : ""}
            {w.orderId && w.orderNumber ? (
              <>
                {" · "}
                <Link to={`/orders/${w.orderId}`}>{t("standing.order", { number: w.orderNumber })}</Link>
                {w.orderStatus ? ` · ${t(`orderStatus.${w.orderStatus}`)}` : ""}
              </>
            ) : null}
            {(w.changes.prices ?? []).map((p) => (
              <p key={`p${p.listingId}`} className="meta">
                {t("standing.priceChanged", { title: p.title, from: formatVnd(p.fromVnd, locale), to: formatVnd(p.toVnd, locale) })}
              </p>
            ))}
            {(w.changes.short ?? []).map((s) => (
              <p key={`s${s.listingId}`} className="meta">
                {t("standing.short", { title: s.title, wanted: formatQuantity(s.wanted, locale), available: formatQuantity(s.available, locale) })}
              </p>
            ))}
            {w.skippable ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="version" value={standing.version} />
                <input type="hidden" name="date" value={w.date} />
                <SubmitButton name="intent" value="skip" className="button" aria-label={`${t("standing.skip")} ${formatDate(w.date, locale)}`}>
                  {t("standing.skip")}
                </SubmitButton>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>

      {mayManage && open ? (
        <Form method="post" className="actions irreversible-actions stack">
          <input type="hidden" name="version" value={standing.version} />
          <label className="checkbox">
            <input type="checkbox" name="confirm" value="1" /> {t("standing.endConfirm")}
          </label>
          <SubmitButton name="intent" value="end" className="button quiet-danger">
            {t("standing.end")}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
