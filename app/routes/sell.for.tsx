/**
 * The households a co-op member sells for (issue 11 §1), and "act for this
 * household" (policy farm.actFor, checked again by the command). Helpers
 * of a community team use /help instead.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { startActingFor } from "~/models/consent.server";
import { farmsSoldFor } from "~/models/farm-members.server";
import { refusing, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { setActingFarm } from "~/utils/session.server";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sellFor");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireActor(request);
  return { farms: await farmsSoldFor(user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, actor } = await requireActor(request);
  const form = await readForm(request);
  const farmId = parseId(form.get("farmId"));
  if (form.get("intent") !== "act" || farmId === null) return { errors: ["errors.form.tampered"] };
  // A farm the person does not sell for: not found, as for anyone else.
  if (!(await farmsSoldFor(user.id)).some((f) => f.farmId === farmId)) throw new Response("Not found", { status: 404 });
  await refusing(startActingFor(actor, farmId));
  await setActingFarm(request, farmId);
  return redirect("/sell");
}

export default function SellFor() {
  const t = useT();
  const { farms } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t("coopMembers.sellForTitle")}</h1>
      <p>{t("coopMembers.sellForLead")}</p>
      <FormErrors errors={reply?.errors} />
      {farms.length === 0 ? <p className="empty">{t("coopMembers.sellForNone")}</p> : null}
      <ul className="household-list">
        {farms.map((f) => (
          <li key={f.farmId} className="card">
            <h2>{f.farmName}</h2>
            <p>
              {f.ownerName} · {f.communeName}
            </p>
            <Form method="post">
              <input type="hidden" name="farmId" value={f.farmId} />
              <SubmitButton name="intent" value="act" className="button primary" aria-label={t("help.actForNamed", { name: f.farmName })}>
                {t("help.actFor")}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
