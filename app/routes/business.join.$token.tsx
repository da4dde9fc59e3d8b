/**
 * An invitation link to a company (decision 029): the signed-in person whose
 * phone or email it was sent to joins with its role. An unknown link is "not
 * found"; a used, expired or someone else's one says so.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { acceptInvite, companyInviteByToken } from "~/models/company.server";
import { DomainError } from "~/policy/errors";
import { requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "businessJoin");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireActor(request);
  const invite = await companyInviteByToken(params.token ?? "");
  if (!invite) throw new Response("Not found", { status: 404 });
  return { companyName: invite.companyName, role: invite.role, state: invite.state };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  await readForm(request);
  try {
    const { companyId } = await acceptInvite(actor, params.token ?? "");
    return redirect(`/business/${companyId}`);
  } catch (error) {
    if (error instanceof DomainError) return { errors: [error.code] };
    throw error;
  }
}

export default function BusinessJoin() {
  const t = useT();
  const { companyName, role, state } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t("business.joinTitle", { company: companyName })}</h1>
      <p>{t("business.joinLead", { company: companyName, role: t(`business.role.${role}`) })}</p>
      <FieldErrors errors={actionData?.errors} />
      {state === "open" ? (
        <Form method="post">
          <SubmitButton className="button primary">{t("business.join")}</SubmitButton>
        </Form>
      ) : (
        <p role="alert">{t(state === "used" ? "errors.companyInvite.used" : "errors.companyInvite.expired")}</p>
      )}
    </section>
  );
}
