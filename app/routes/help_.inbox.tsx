import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { helpTitle, HelpNav } from "~/components/help-nav";
import { ConfirmStep, CONFIRMED } from "~/components/ui/confirm-step";
import { FormErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { helperInbox, helperOrderStatus } from "~/models/helper-work.server";
import { transitionOrder, type OrderAction } from "~/models/orders/moves.server";
import { requestsForHelper } from "~/models/rfq.server";
import { readForm } from "~/utils/form.server";
import { requireHelper } from "~/utils/helper-actor.server";
import { formatInstant, formatQuantity, formatVnd } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { idField } from "~/validation/ids";
import { z } from "~/validation/zod";

export const meta: MetaFunction = ({ matches }) => helpTitle(matches, "inboxTitle");

/** What each move here makes of the order (the page says so after it). */
const DONE = { accept: "accepted", decline: "declined", pack: "packed", ship: "shipped" } as const;
const isMove = (value: string | null): value is keyof typeof DONE => value !== null && Object.hasOwn(DONE, value);

/** The next move of a waiting order, for the household. */
const NEXT: Record<"placed" | "accepted" | "packed", OrderAction[]> = { placed: ["accept", "decline"], accepted: ["pack"], packed: ["ship"] };

// One inbox across the helper's households (consent with 'orders'): the most urgent first.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireHelper(request);
  const now = Date.now();
  const [orders, requests] = await Promise.all([helperInbox(actor), requestsForHelper(actor)]);
  return {
    requests,
    orders: orders.map((o) => ({
      ...o,
      moves: NEXT[o.status],
      minutesLeft: o.expiresAt ? Math.max(0, Math.round((o.expiresAt.getTime() - now) / 60_000)) : null,
    })),
  };
}

const moveSchema = z.object({
  orderId: idField("errors.form.tampered"),
  action: z.enum(["accept", "decline", "pack", "ship"], { error: "errors.form.tampered" }),
  confirm: z.string().optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireHelper(request);
  const parsed = moveSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ formErrors: [...new Set(parsed.error.issues.map((i) => i.message))] }, { status: 400 });
  const { orderId, action, confirm } = parsed.data;
  // Only the orders of the helper's households: any other is "not found", and nothing moves.
  if ((await helperOrderStatus(actor, orderId)) === null) throw new Response("Not found", { status: 404 });
  if (action === "decline" && confirm !== CONFIRMED) return data({ confirm: { orderId, action } });
  // The command asks the policy again (scope 'orders') under the order's lock, and writes the audit event.
  const result = await transitionOrder(orderId, action, actor);
  if (!result.ok && result.reason === "not_found") throw new Response("Not found", { status: 404 });
  // A repeated post (a double tap without JavaScript) finds the move made: it lands where the first did.
  if (!result.ok && (await helperOrderStatus(actor, orderId)) !== DONE[action]) return redirect(`/help/inbox?refused=${orderId}`);
  return redirect(`/help/inbox?done=${action}`);
}

export default function HelpInbox() {
  const t = useT();
  const locale = useLocale();
  const { orders, requests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const confirming = actionData && "confirm" in actionData ? actionData.confirm : null;
  const asked = confirming ? orders.find((o) => o.id === confirming.orderId) : undefined;
  const done = params.get("done");
  return (
    <section className="help-inbox">
      <HelpNav current="inbox" />
      <h1>{t("helpWork.inboxTitle")}</h1>
      <FormErrors errors={actionData && "formErrors" in actionData ? actionData.formErrors : undefined} />
      {isMove(done) ? (
        <p className="notice" role="status">
          {t("helpWork.done", { status: t(`orderStatus.${DONE[done]}`) })}
        </p>
      ) : null}
      {params.get("refused") ? (
        <p className="field-errors" role="alert">
          {t("orders.refused")}
        </p>
      ) : null}
      {confirming ? (
        <ConfirmStep
          question={t("confirm.declineQuestion", { number: asked?.number ?? "" })}
          hint={t("confirm.declineHint")}
          confirmLabel={t("confirm.decline")}
          backTo="/help/inbox"
          fields={{ orderId: String(confirming.orderId), action: confirming.action }}
        />
      ) : null}
      {orders.length === 0 ? <p className="notice">{t("helpWork.inboxEmpty")}</p> : null}
      <ol className="inbox-list">
        {orders.map((o) => (
          <li key={o.id} className="inbox-order card">
            <h2>
              {o.household.name} · <Link to={`/orders/${o.id}`}>{o.number}</Link>
            </h2>
            <p>
              <span className={`state status-${o.status}`}>{t(`orderStatus.${o.status}`)}</span>{" "}
              {o.minutesLeft !== null && o.expiresAt ? (
                <strong className="time-left">
                  {t("helpWork.timeLeft", { hours: Math.floor(o.minutesLeft / 60), minutes: o.minutesLeft % 60, when: formatInstant(o.expiresAt, locale, { time: true }) })}
                </strong>
              ) : (
                <span className="meta">{t("helpWork.placedAt", { when: formatInstant(o.createdAt, locale, { time: true }) })}</span>
              )}
            </p>
            <p>
              {o.items.map((i) => `${i.title} ${formatQuantity(i.quantity, locale)} ${t(`units.${i.unit}`)}`).join(", ")} —{" "}
              <strong>{formatVnd(o.totalVnd, locale)}</strong>
            </p>
            <Form method="post" className="actions">
              <input type="hidden" name="orderId" value={o.id} />
              {o.moves.map((a) => (
                <SubmitButton key={a} name="action" value={a} className={a === "decline" ? "button quiet-danger" : "button primary"}>
                  {t(`orderActions.${a}`)}
                </SubmitButton>
              ))}
            </Form>
          </li>
        ))}
      </ol>
      <h2 id="requests">{t("rfqNotices.householdRequests")}</h2>
      {requests.length === 0 ? <p className="notice">{t("rfqNotices.householdRequestsNone")}</p> : null}
      <ul className="inbox-list">
        {requests.map((r) => (
          <li key={`${r.household.id}-${r.id}`} className="card">
            <h3>
              {r.household.name} · {r.product} — {t("rfq.requested", { quantity: formatQuantity(r.quantity, locale), unit: t(`units.${r.unit}`) })}
            </h3>
            <p className="meta">
              {r.companyName} · {r.communeName}, {r.provinceName} · {t("rfq.deadlineAt", { at: formatInstant(r.deadline, locale, { time: true }) })}
              {r.quoteState ? ` · ${t("rfq.yourQuote")}: ${t(`rfq.quoteState.${r.quoteState}`)}` : ""}
            </p>
            <Form method="post" action="/help?index">
              <input type="hidden" name="farmId" value={r.household.id} />
              <input type="hidden" name="next" value={`/sell/requests/${r.id}`} />
              <SubmitButton name="intent" value="act" className="button primary">
                {t("rfqNotices.answerFor", { household: r.household.name })}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
