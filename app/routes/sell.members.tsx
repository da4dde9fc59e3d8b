/**
 * The farm's co-op members (issue 11 §1): people of a co-operative who sell
 * for the household — its listings and orders, never its money or consents.
 * Only the farm's owner (policy farm.consent) sees and changes them;
 * removing asks first (decision 020).
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConfirmStep, CONFIRMED } from "~/components/ui/confirm-step";
import { Field, FormErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { FieldErrors } from "~/models/errors";
import { addCoopMember, listCoopMembers, removeCoopMember } from "~/models/farm-members.server";
import { refusing, requireSellerFarm } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { formatPhone } from "~/validation/phone";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "coopMembers");

export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "farm.consent");
  const members = await listCoopMembers(farm.id);
  return {
    farmName: farm.name,
    members: members.map((m) => ({ userId: m.userId, displayName: m.displayName, contact: m.phone ? formatPhone(m.phone) : (m.email ?? ""), since: m.since.toISOString() })),
  };
}

type Reply = { identifier?: string; errors?: Record<string, string[]>; confirm?: { userId: number; displayName: string } };

export async function action({ request }: ActionFunctionArgs): Promise<Reply | Response> {
  const { actor, farm } = await requireSellerFarm(request, "farm.consent");
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "add") {
    const identifier = String(form.get("identifier") ?? "").slice(0, 200);
    if (!identifier.trim()) return { identifier, errors: { identifier: ["errors.identifier.required"] } };
    try {
      await refusing(addCoopMember(actor, farm.id, identifier));
    } catch (error) {
      if (error instanceof FieldErrors) return { identifier, errors: error.fieldErrors };
      throw error;
    }
    return redirect("/sell/members?added=1");
  }
  const userId = parseId(form.get("userId"));
  const member = userId === null ? undefined : (await listCoopMembers(farm.id)).find((m) => m.userId === userId);
  if (intent !== "remove" || !member) return { errors: { "": ["errors.form.tampered"] } };
  if (form.get("confirm") !== CONFIRMED) return { confirm: { userId: member.userId, displayName: member.displayName } };
  await refusing(removeCoopMember(actor, farm.id, member.userId));
  return redirect("/sell/members?removed=1");
}

export default function CoopMembers() {
  const t = useT();
  const locale = useLocale();
  const { farmName, members } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const [params] = useSearchParams();
  const notice = params.get("added") ? t("coopMembers.added") : params.get("removed") ? t("coopMembers.removed") : null;
  return (
    <section className="narrow">
      <h1>{t("coopMembers.title")}</h1>
      <p>{t("coopMembers.lead", { farm: farmName })}</p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <FormErrors errors={reply?.errors?.[""]} />
      {reply?.confirm ? (
        <ConfirmStep
          question={t("coopMembers.removeQuestion", { name: reply.confirm.displayName })}
          hint={t("coopMembers.removeHint")}
          confirmLabel={t("coopMembers.removeConfirm")}
          backTo="/sell/members"
          fields={{ intent: "remove", userId: String(reply.confirm.userId) }}
        />
      ) : null}
      {members.length === 0 ? <p className="empty">{t("coopMembers.none")}</p> : null}
      <ul className="helper-list">
        {members.map((m) => (
          <li key={m.userId} className="card">
            <h2>{m.displayName}</h2>
            <p>
              {m.contact} · {t("coopMembers.since", { date: formatInstant(m.since, locale) })}
            </p>
            <Form method="post">
              <input type="hidden" name="userId" value={m.userId} />
              <SubmitButton name="intent" value="remove" className="button danger" aria-label={t("coopMembers.removeNamed", { name: m.displayName })}>
                {t("coopMembers.remove")}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
      <h2>{t("coopMembers.addTitle")}</h2>
      <Form method="post" noValidate>
        <Field label={t("coopMembers.identifier")} hint={t("coopMembers.identifierHint")} errors={reply?.errors?.identifier} required>
          <input name="identifier" defaultValue={reply?.identifier ?? ""} autoComplete="off" inputMode="text" />
        </Field>
        <SubmitButton name="intent" value="add" className="button primary">
          {t("coopMembers.add")}
        </SubmitButton>
      </Form>
      <p>
        <Link to="/sell/activity">{t("activity.title")}</Link>
      </p>
    </section>
  );
}
