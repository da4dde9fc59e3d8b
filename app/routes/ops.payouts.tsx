/**
 * Operators pay farms by bank transfer and record it here, with the
 * transfer's reference. A payout above the farm's balance is refused (checked
 * again under a lock in the model, whatever this page showed).
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { z } from "~/validation/zod";
import { FieldErrors } from "~/components/ui/field";
import { farmBalances, recordPayout } from "~/models/ledger.server";
import { formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { getLocale } from "~/utils/locale.server";
import { useLocale } from "~/utils/root-data";
import { requireOperator } from "~/utils/actor.server";
import { payoutSchema } from "~/validation/payout";
import { readForm } from "~/utils/form.server";
import { SubmitButton } from "~/components/ui/submit-button";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opsPayouts");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request, "ops.payouts");
  return { farms: await farmBalances() };
}

type FieldErrorsOf = Partial<Record<"farmId" | "amountVnd" | "bankReference", string[]>>;

export async function action({ request }: ActionFunctionArgs) {
  const { user: operator } = await requireOperator(request, "ops.payouts");
  const form = Object.fromEntries(await readForm(request));
  const values = { farmId: String(form.farmId ?? ""), amountVnd: String(form.amountVnd ?? ""), bankReference: String(form.bankReference ?? "") };
  const parsed = payoutSchema.safeParse(form);
  if (!parsed.success) return { values, errors: z.flattenError(parsed.error).fieldErrors as FieldErrorsOf };
  const result = await recordPayout({ ...parsed.data, operatorId: operator.id });
  if (result.ok) return redirect(`/ops/payouts?paid=${parsed.data.farmId}`);
  const errors: FieldErrorsOf =
    result.reason === "not_found"
      ? { farmId: ["errors.payout.farm"] }
      : { amountVnd: [`errors.payout.overBalance|${formatVnd(result.balanceVnd, await getLocale(request))}`] };
  return { values, errors };
}

export default function OpsPayouts() {
  const t = useT();
  const locale = useLocale();
  const { farms } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const paid = Number(params.get("paid"));
  return (
    <section>
      <h1>{t("payouts.opsTitle")}</h1>
      {paid ? (
        <p className="notice" role="status">
          {t("payouts.recorded")}
        </p>
      ) : null}
      {actionData && !farms.some((f) => String(f.farmId) === actionData.values.farmId) ? (
        <FieldErrors errors={Object.values(actionData.errors).flat()} />
      ) : null}
      {farms.length === 0 ? <p className="empty">{t("opsPayouts.noFarms")}</p> : null}
      <ul className="payout-list">
        {farms.map((farm) => {
          const mine = actionData?.values.farmId === String(farm.farmId) ? actionData : undefined;
          return (
            <li key={farm.farmId}>
              <Form method="post" className="payout-form" aria-label={farm.name}>
                <p>
                  <Link to={`/farms/${farm.slug}`}>{farm.name}</Link> — {t("opsPayouts.balance")}:{" "}
                  <strong>{formatVnd(farm.balanceVnd, locale)}</strong>
                </p>
                <input type="hidden" name="farmId" value={farm.farmId} />
                <label>
                  <span className="field-label">{t("payouts.amountField")}</span>
                  <input name="amountVnd" inputMode="numeric" defaultValue={mine?.values.amountVnd} aria-invalid={mine?.errors.amountVnd ? true : undefined} />
                </label>
                <FieldErrors errors={mine?.errors.amountVnd} />
                <label>
                  <span className="field-label">{t("payouts.reference")}</span>
                  <input name="bankReference" defaultValue={mine?.values.bankReference} aria-invalid={mine?.errors.bankReference ? true : undefined} />
                </label>
                <FieldErrors errors={mine?.errors.bankReference} />
                <SubmitButton className="button primary">
                  {t("payouts.record")}
                </SubmitButton>
              </Form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
