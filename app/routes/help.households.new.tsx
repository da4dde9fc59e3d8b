/**
 * A helper registers a household of their team, on their phone, on one
 * screen: the household's name and phone, its village (thôn), commune (the
 * team's by default), farm name, what it grows, and what the household
 * agrees the team may do. Then the consent step (the household's page).
 */
import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { errorIdOf, Field, FieldErrors, FormErrors, summaryOf } from "~/components/ui/field";
import { RequiredLegend } from "~/components/ui/required";
import { SubmitButton } from "~/components/ui/submit-button";
import { onboardHousehold } from "~/models/consent.server";
import { listCommunes } from "~/models/place.server";
import { teamsOfHelper } from "~/models/team.server";
import { requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { refusalFields } from "~/utils/refusal-fields.server";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { CONSENT_METHODS, CONSENT_SCOPE_VALUES, householdSchema } from "~/validation/helpers";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "onboardHousehold");

async function helperTeams(userId: number) {
  const teams = await teamsOfHelper(userId);
  if (teams.length === 0) throw new Response("Not found", { status: 404 });
  return teams;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireActor(request);
  const teams = await helperTeams(user.id);
  const provinceCodes = [...new Set(teams.map((t) => t.provinceCode))];
  const communes = (await Promise.all(provinceCodes.map(listCommunes))).flat();
  return { teams: teams.map((t) => ({ id: t.id, name: t.name, communeCode: t.communeCode })), communes };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, actor } = await requireActor(request);
  await helperTeams(user.id);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: householdSchema });
  if (submission.status !== "success") return { result: submission.reply() };
  const { teamId, ...input } = submission.value;
  try {
    const { farmId } = await onboardHousehold(actor, teamId, input);
    return redirect(`/help/households/${farmId}?new=1`);
  } catch (error) {
    return { result: submission.reply({ fieldErrors: refusalFields(error, "teamId") }) };
  }
}

export default function OnboardHousehold() {
  const t = useT();
  const { teams, communes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useLazyForm(() => import("~/validation/helpers").then((m) => m.householdSchema), {
    lastResult: actionData?.result,
    defaultValue: { teamId: String(teams[0].id), scopes: [...CONSENT_SCOPE_VALUES], method: "code", communeCode: "" },
  });
  const scopesId = `${form.id}-scopes`;
  const methodId = `${form.id}-method`;
  return (
    <section className="form-page">
      <h1>{t("household.newTitle")}</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors, { scopes: scopesId, method: methodId })} />
        <RequiredLegend />
        {teams.length > 1 ? (
          <Field required label={t("household.team")} errors={fields.teamId.errors}>
            <select {...getSelectProps(fields.teamId)}>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <>
            <input type="hidden" name={fields.teamId.name} value={teams[0].id} />
            <FieldErrors errors={fields.teamId.errors} />
          </>
        )}
        <Field required label={t("household.displayName")} hint={t("household.displayNameHint")} errors={fields.displayName.errors}>
          <input {...getInputProps(fields.displayName, { type: "text" })} autoComplete="off" />
        </Field>
        <Field required label={t("household.phone")} hint={t("household.phoneHint")} errors={fields.phone.errors}>
          <input {...getInputProps(fields.phone, { type: "tel" })} inputMode="tel" autoComplete="off" />
        </Field>
        <Field label={t("household.village")} hint={t("household.villageHint")} errors={fields.village.errors}>
          <input {...getInputProps(fields.village, { type: "text" })} />
        </Field>
        <Field label={t("household.commune")} errors={fields.communeCode.errors}>
          <select {...getSelectProps(fields.communeCode)}>
            <option value="">{t("household.teamCommune")}</option>
            {communes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field required label={t("household.farmName")} hint={t("household.farmNameHint")} errors={fields.farmName.errors}>
          <input {...getInputProps(fields.farmName, { type: "text" })} />
        </Field>
        <Field label={t("household.grows")} hint={t("household.growsHint")} errors={fields.grows.errors}>
          <textarea {...getTextareaProps(fields.grows)} rows={3} />
        </Field>
        <fieldset className="choices" id={scopesId}>
          <legend>{t("household.scopes")}</legend>
          {getCollectionProps(fields.scopes, { type: "checkbox", options: [...CONSENT_SCOPE_VALUES] }).map((props) => (
            <label key={props.key} className="choice">
              <input {...props} key={undefined} /> {t(`consent.scope.${props.value}`)}
            </label>
          ))}
          <p className="field-hint">{t("household.scopesHint")}</p>
          <FieldErrors id={errorIdOf(scopesId)} errors={fields.scopes.errors} />
        </fieldset>
        <fieldset className="choices" id={methodId}>
          <legend>{t("household.method")}</legend>
          {getCollectionProps(fields.method, { type: "radio", options: [...CONSENT_METHODS] }).map((props) => (
            <label key={props.key} className="choice">
              <input {...props} key={undefined} /> {t(`consent.method.${props.value}`)}
            </label>
          ))}
          <FieldErrors id={errorIdOf(methodId)} errors={fields.method.errors} />
        </fieldset>
        <SubmitButton className="button primary">{t("household.save")}</SubmitButton>
      </Form>
    </section>
  );
}
