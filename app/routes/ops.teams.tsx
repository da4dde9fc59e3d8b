/**
 * Operators' teams page: the community teams with their helpers; create a
 * team for a commune, make an invitation link (shown once: only its hash is
 * kept), remove a helper (their access ends at once), withdraw a
 * household's consent (asked first, confirm=1; decision 020).
 */
import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ProvinceCommuneFields } from "~/components/province-commune";
import { Field, FieldErrors, FormErrors, summaryOf } from "~/components/ui/field";
import { ConfirmStep, CONFIRMED } from "~/components/ui/confirm-step";
import { SubmitButton } from "~/components/ui/submit-button";
import { withdrawConsent } from "~/models/consent.server";
import { communesOfPosted, listProvinces } from "~/models/place.server";
import { createTeam, inviteHelper, listTeams, removeHelper } from "~/models/team.server";
import { requireOperator } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { refusalFields } from "~/utils/refusal-fields.server";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { removeHelperSchema, teamSchema } from "~/validation/helpers";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opsTeams");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request, "ops.teams");
  const [teams, provinces] = await Promise.all([listTeams(), listProvinces()]);
  return { teams, provinces };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireOperator(request, "ops.teams");
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "invite") {
    const teamId = parseId(formData.get("teamId"));
    if (teamId === null) return { intent: "invite" as const, teamId: null, errors: ["errors.form.tampered"] };
    try {
      const { token, expiresAt } = await inviteHelper(actor, teamId);
      const url = new URL(`/join/${token}`, request.url).toString();
      return { intent: "invite" as const, teamId, invite: { url, expiresAt: expiresAt.toISOString() } };
    } catch (error) {
      return { intent: "invite" as const, teamId, errors: Object.values(refusalFields(error)).flat() };
    }
  }
  if (intent === "remove") {
    const parsed = removeHelperSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { intent: "remove" as const, teamId: null, errors: ["errors.form.tampered"] };
    try {
      await removeHelper(actor, parsed.data.teamId, parsed.data.userId);
    } catch (error) {
      return { intent: "remove" as const, teamId: parsed.data.teamId, errors: Object.values(refusalFields(error)).flat() };
    }
    return redirect("/ops/teams?removed=1");
  }
  if (intent === "withdraw") {
    const consentId = parseId(formData.get("consentId"));
    const team = consentId === null ? undefined : (await listTeams()).find((t) => t.consents.some((c) => c.consentId === consentId));
    const consent = team?.consents.find((c) => c.consentId === consentId);
    if (!team || !consent) return { intent: "withdraw" as const, teamId: null, errors: ["errors.form.tampered"] };
    if (formData.get("confirm") !== CONFIRMED) {
      return { intent: "withdraw" as const, teamId: team.id, confirm: { consentId: consent.consentId, name: consent.displayName, team: team.name } };
    }
    try {
      await withdrawConsent(actor, consent.consentId);
    } catch (error) {
      return { intent: "withdraw" as const, teamId: team.id, errors: Object.values(refusalFields(error)).flat() };
    }
    return redirect("/ops/teams?withdrawn=1");
  }
  const submission = parseWithZod(formData, { schema: teamSchema });
  const communes = await communesOfPosted(formData.get("provinceCode"));
  if (intent === "pick-province") return { intent: "create" as const, result: submission.reply({ resetForm: false }), communes };
  if (submission.status !== "success") return { intent: "create" as const, result: submission.reply(), communes };
  try {
    await createTeam(actor, submission.value);
  } catch (error) {
    return { intent: "create" as const, result: submission.reply({ fieldErrors: refusalFields(error, "communeCode") }), communes };
  }
  return redirect("/ops/teams?created=1");
}

export default function OpsTeams() {
  const t = useT();
  const locale = useLocale();
  const { teams, provinces } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const created = actionData?.intent === "create" ? actionData : undefined;
  const [form, fields] = useLazyForm(() => import("~/validation/helpers").then((m) => m.teamSchema), {
    lastResult: created?.result,
  });
  const perTeam = actionData && actionData.intent !== "create" ? actionData : undefined;
  return (
    <section>
      <h1>{t("teams.opsTitle")}</h1>
      {params.get("created") ? (
        <p className="notice" role="status">
          {t("teams.created")}
        </p>
      ) : null}
      {params.get("removed") ? (
        <p className="notice" role="status">
          {t("teams.removed")}
        </p>
      ) : null}
      {params.get("withdrawn") ? (
        <p className="notice" role="status">
          {t("teams.withdrawn")}
        </p>
      ) : null}
      {perTeam && perTeam.teamId === null && "errors" in perTeam ? <FieldErrors errors={perTeam.errors} /> : null}
      {teams.length === 0 ? <p className="empty">{t("teams.none")}</p> : null}
      <ul className="team-list">
        {teams.map((team) => {
          const mine = perTeam?.teamId === team.id ? perTeam : undefined;
          return (
            <li key={team.id} className="card">
              <h2>{team.name}</h2>
              <p>
                {team.communeName}, {team.provinceName} · {t("teams.households", { count: team.households })}
              </p>
              {mine && "errors" in mine ? <FieldErrors errors={mine.errors} /> : null}
              {team.helpers.length ? (
                <ul className="helper-list">
                  {team.helpers.map((h) => (
                    <li key={h.userId}>
                      {h.displayName}{" "}
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="teamId" value={team.id} />
                        <input type="hidden" name="userId" value={h.userId} />
                        <SubmitButton name="intent" value="remove" className="link-button" aria-label={t("teams.removeHelperOf", { name: h.displayName })}>
                          {t("teams.removeHelper")}
                        </SubmitButton>
                      </Form>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="empty">{t("teams.noHelpers")}</p>
              )}
              {mine && "confirm" in mine && mine.confirm ? (
                <ConfirmStep
                  question={t("teams.withdrawQuestion", { name: mine.confirm.name, team: mine.confirm.team })}
                  hint={t("teams.withdrawHint")}
                  confirmLabel={t("consent.withdrawConfirm")}
                  backTo="/ops/teams"
                  fields={{ intent: "withdraw", consentId: String(mine.confirm.consentId) }}
                />
              ) : null}
              <h3>{t("teams.consentsTitle")}</h3>
              {team.consents.length ? (
                <ul className="helper-list">
                  {team.consents.map((c) => (
                    <li key={c.consentId}>
                      {c.displayName} · {c.farmName} · {[c.village, c.communeName].filter(Boolean).join(", ")} ·{" "}
                      {c.state === "in_force" && c.expiresAt ? t("consent.inForceUntil", { date: formatInstant(c.expiresAt, locale) }) : t(`consent.state.${c.state}`)}{" "}
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="consentId" value={c.consentId} />
                        <SubmitButton name="intent" value="withdraw" className="link-button" aria-label={t("teams.withdrawOf", { name: c.displayName })}>
                          {t("consent.withdraw")}
                        </SubmitButton>
                      </Form>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="empty">{t("teams.noConsents")}</p>
              )}
              {mine && "invite" in mine && mine.invite ? (
                <div className="notice" role="status" data-shown-once="">
                  <p>{t("teams.inviteOnce", { date: formatInstant(mine.invite.expiresAt, locale, { time: true }) })}</p>
                  <p>
                    <input readOnly value={mine.invite.url} aria-label={t("teams.inviteLink")} className="invite-link" />
                  </p>
                </div>
              ) : null}
              <Form method="post">
                <input type="hidden" name="teamId" value={team.id} />
                <SubmitButton name="intent" value="invite" className="button">
                  {t("teams.invite")}
                </SubmitButton>
              </Form>
            </li>
          );
        })}
      </ul>
      <h2>{t("teams.createTitle")}</h2>
      <Form method="post" {...getFormProps(form)} className="stack form-page">
        <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors, { intent: null })} />
        <Field required label={t("teams.name")} errors={fields.name.errors}>
          <input {...getInputProps(fields.name, { type: "text" })} />
        </Field>
        <ProvinceCommuneFields province={fields.provinceCode} commune={fields.communeCode} provinces={provinces} communes={[]} communesFromAction={created?.communes} />
        <SubmitButton name="intent" value="create" className="button primary">
          {t("teams.create")}
        </SubmitButton>
      </Form>
    </section>
  );
}
