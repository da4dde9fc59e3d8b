/**
 * An invitation link to a community team: a signed-in person joins and
 * becomes one of its helpers. An unknown link is "not found"; a used or
 * expired one says so.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { inviteByToken, joinTeam } from "~/models/team.server";
import { DomainError } from "~/policy/errors";
import { requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "joinTeam");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireActor(request);
  const invite = await inviteByToken(params.token ?? "");
  if (!invite) throw new Response("Not found", { status: 404 });
  return { teamName: invite.teamName, communeName: invite.communeName, state: invite.state };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  await readForm(request);
  try {
    await joinTeam(actor, params.token ?? "");
  } catch (error) {
    if (error instanceof DomainError && error.kind !== "forbidden") return { errors: [error.code] };
    throw error;
  }
  return redirect("/help?joined=1");
}

export default function JoinTeam() {
  const t = useT();
  const { teamName, communeName, state } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t("teams.joinTitle", { team: teamName })}</h1>
      <p>{t("teams.joinLead", { team: teamName, commune: communeName })}</p>
      <FieldErrors errors={actionData?.errors} />
      {state === "open" ? (
        <Form method="post">
          <SubmitButton className="button primary">{t("teams.join")}</SubmitButton>
        </Form>
      ) : (
        <p role="alert">{t(state === "used" ? "errors.team.inviteUsed" : "errors.team.inviteExpired")}</p>
      )}
    </section>
  );
}
