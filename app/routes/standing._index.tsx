/**
 * Standing orders (issue 12, decision 032): the person's own and their
 * companies', and the action the order page's "repeat every week" form posts
 * to (a refusal shows that form again here, with what was chosen).
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RepeatWeeklyForm, WEEKDAYS } from "~/components/standing";
import { createFromOrder, LEAD_DAYS, standingOrdersOf } from "~/models/standing.server";
import { DomainError } from "~/policy/errors";
import { refusal, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";
import { z } from "~/validation/zod";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "standing");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  return { standing: await standingOrdersOf(actor), leadDays: LEAD_DAYS };
}

const createSchema = z.object({
  weekday: z.enum(WEEKDAYS, { error: "errors.standing.weekday" }),
  paymentMethod: z.enum(["cod", "bank_transfer"], { error: "errors.payment.required" }),
});

type Reply = { values: { orderId: string; weekday: string; paymentMethod: string }; formErrors: string[]; fieldErrors: Record<string, string[] | undefined> };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const form = await readForm(request);
  const text = (name: string) => (typeof form.get(name) === "string" ? String(form.get(name)) : "");
  const values = { orderId: text("orderId"), weekday: text("weekday"), paymentMethod: text("paymentMethod") };
  const refuse = (fieldErrors: Reply["fieldErrors"], formErrors: string[] = []) => data<Reply>({ values, formErrors, fieldErrors }, { status: 400 });
  const orderId = parseId(values.orderId);
  if (text("intent") !== "create" || orderId === null) return refuse({}, ["errors.form.tampered"]);
  const parsed = createSchema.safeParse(values);
  if (!parsed.success) return refuse(z.flattenError(parsed.error).fieldErrors);
  try {
    const made = await createFromOrder(actor, orderId, { weekday: Number(parsed.data.weekday), paymentMethod: parsed.data.paymentMethod });
    return redirect(`/standing/${made.id}`);
  } catch (error) {
    if (error instanceof DomainError && error.kind !== "not_found") {
      const { formErrors, fieldErrors } = error.toFormErrors();
      return refuse(fieldErrors, formErrors);
    }
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
}

export default function StandingOrders() {
  const t = useT();
  const locale = useLocale();
  const { standing, leadDays } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section>
      <h1>{t("standing.title")}</h1>
      <p className="meta">{t("standing.lead", { days: leadDays })}</p>
      {reply ? <RepeatWeeklyForm values={reply.values} errors={reply} /> : null}
      {standing.length ? (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                {(["farm", "items", "every", "weekTotal", "company", "state"] as const).map((c) => (
                  <th key={c} scope="col">
                    {t(`standing.columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {standing.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/standing/${s.id}`}>{s.farmName}</Link>
                  </td>
                  <td>{s.items}</td>
                  <td>{t("standing.every", { day: t(`standing.weekday.${s.weekday}`) })}</td>
                  <td>{formatVnd(s.weekTotalVnd, locale)}</td>
                  <td>{s.companyName ?? t("standing.personal")}</td>
                  <td>{t(`standing.state.${s.state}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("standing.none")}</p>
      )}
    </section>
  );
}
