/** Recording a new lot (issue 14). Policy lot.manage; the form's own key makes a double post one lot. */
import { randomUUID } from "node:crypto";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { LotForm } from "~/components/lot-form";
import { createLot } from "~/models/lot.server";
import { listCategories } from "~/models/place.server";
import { requireSellerFarm } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { getLocale } from "~/utils/locale.server";
import { CREATE_KEY } from "~/utils/listing-form.server";
import { lotRefusalFields } from "~/utils/lot-form.server";
import { pageTitle } from "~/utils/meta";
import { useT } from "~/utils/use-t";
import { lotSchema } from "~/validation/lot";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "newLot");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSellerFarm(request, "lot.manage");
  return { categories: await listCategories(), createKey: randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "lot.manage");
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: lotSchema });
  const key = formData.get("createKey");
  const createKey = typeof key === "string" && CREATE_KEY.test(key) ? key : undefined;
  if (submission.status !== "success") return { result: submission.reply() };
  try {
    const lot = await createLot(actor, farm.id, submission.value, createKey);
    return redirect(`/sell/lots/${lot.id}?saved=1`);
  } catch (error) {
    return { result: submission.reply({ fieldErrors: lotRefusalFields(error, await getLocale(request)) }) };
  }
}

export default function NewLot() {
  const t = useT();
  const { categories, createKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="form-page">
      <p>
        <Link to="/sell/lots">{t("lots.back")}</Link>
      </p>
      <h1>{t("lots.new")}</h1>
      <p className="lead">{t("lots.newLead")}</p>
      <LotForm values={{}} categories={categories} createKey={createKey} lastResult={actionData?.result} />
    </section>
  );
}
