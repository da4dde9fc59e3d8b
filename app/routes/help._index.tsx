/**
 * The helper's households: those of their teams, with the state of each
 * household's consent, and "act for this household" (policy farm.actFor,
 * checked again by the command). Anyone who is no team's helper: not found.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { householdsOfHelper, startActingFor } from "~/models/consent.server";
import { teamsOfHelper } from "~/models/team.server";
import { DomainError } from "~/policy/errors";
import { requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { setActingFarm } from "~/utils/session.server";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "help");

const notFound = () => new Response("Not found", { status: 404 });

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireActor(request);
  const teams = await teamsOfHelper(user.id);
  if (teams.length === 0) throw notFound();
  const households = await householdsOfHelper(user.id);
  return {
    teams: teams.map((t) => ({ id: t.id, name: t.name, communeName: t.communeName })),
    households: households.map((h) => ({ ...h, expiresAt: h.expiresAt?.toISOString() ?? null })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, actor } = await requireActor(request);
  if ((await teamsOfHelper(user.id)).length === 0) throw notFound();
  const form = await readForm(request);
  const farmId = parseId(form.get("farmId"));
  if (form.get("intent") !== "act" || farmId === null) return { farmId: null, errors: ["errors.form.tampered"] };
  // A household of none of the helper's teams: not found, as for anyone else.
  if (!(await householdsOfHelper(user.id)).some((h) => h.farmId === farmId)) throw notFound();
  try {
    await startActingFor(actor, farmId);
  } catch (error) {
    // Not (or no longer) allowed: say why beside the household, change nothing.
    if (error instanceof DomainError) return { farmId, errors: ["errors.consent.notInForce"] };
    throw error;
  }
  await setActingFarm(request, farmId);
  // From the inbox's requests for quotation: straight to the request, acting for the household (decision 034).
  const next = String(form.get("next") ?? "");
  return redirect(/^\/sell\/requests\/\d{1,10}$/.test(next) ? next : "/sell");
}

export default function HelpHome() {
  const t = useT();
  const locale = useLocale();
  const { teams, households } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <section>
      <h1>{t("help.title")}</h1>
      {params.get("joined") ? (
        <p className="notice" role="status">
          {t("help.joined")}
        </p>
      ) : null}
      <p>{teams.map((team) => `${team.name} (${team.communeName})`).join(" · ")}</p>
      <p>
        <Link to="/help/households/new" className="button primary">
          {t("help.onboard")}
        </Link>
      </p>
      {actionData?.farmId === null ? <FieldErrors errors={actionData.errors} /> : null}
      {households.length === 0 ? <p className="empty">{t("help.noHouseholds")}</p> : null}
      <ul className="household-list">
        {households.map((h) => (
          <li key={h.farmId} className="card">
            <h2>
              <Link to={`/help/households/${h.farmId}`}>{h.displayName}</Link>
            </h2>
            <p>
              {h.farmName}
              {h.village ? ` · ${h.village}` : ""}
            </p>
            <p className={`consent-state consent-${h.state}`}>
              {h.state === "in_force" && h.expiresAt
                ? t("consent.inForceUntil", { date: formatInstant(h.expiresAt, locale) })
                : t(`consent.state.${h.state}`)}
            </p>
            {actionData?.farmId === h.farmId ? <FieldErrors errors={actionData.errors} /> : null}
            {h.state === "in_force" ? (
              <Form method="post">
                <input type="hidden" name="farmId" value={h.farmId} />
                <SubmitButton name="intent" value="act" className="button primary" aria-label={t("help.actForNamed", { name: h.displayName })}>
                  {t("help.actFor")}
                </SubmitButton>
              </Form>
            ) : (
              <Link to={`/help/households/${h.farmId}`}>{t("help.consentStep")}</Link>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
