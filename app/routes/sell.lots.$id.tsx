/**
 * One of the farm's lots (issue 14): its QR code and public page, the label
 * sheet, the lot's form (versioned, decision 016) and the inputs applied,
 * with the form to record another. A harvest date inside a spray's
 * pre-harvest interval is refused with the reason. Policy lot.manage;
 * another farm's lot is "not found".
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { InputList, LotForm, LotInputForm } from "~/components/lot-form";
import { addLotInput, getFarmLot, lotUrl, qrImage, updateLot } from "~/models/lot.server";
import { listCategories } from "~/models/place.server";
import { requireSellerFarm } from "~/utils/actor.server";
import { publicOrigin } from "~/utils/env.server";
import { readForm } from "~/utils/form.server";
import { getLocale } from "~/utils/locale.server";
import { lotRefusalFields } from "~/utils/lot-form.server";
import { pageTitle } from "~/utils/meta";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";
import { lotInputSchema, lotSchema } from "~/validation/lot";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sellLot");

function lotId(param: string | undefined): number {
  const id = parseId(param);
  if (id === null) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "lot.manage");
  const [lot, categories] = await Promise.all([getFarmLot(farm.id, lotId(params.id)), listCategories()]);
  if (!lot) throw new Response("Not found", { status: 404 });
  const url = lotUrl(publicOrigin(request), lot);
  return { lot, categories, url, qr: await qrImage(url) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "lot.manage");
  const id = lotId(params.id);
  const formData = await readForm(request);
  const locale = await getLocale(request);
  if (formData.get("intent") === "input") {
    const submission = parseWithZod(formData, { schema: lotInputSchema });
    if (submission.status !== "success") return { form: "input" as const, result: submission.reply() };
    try {
      await addLotInput(actor, farm.id, id, submission.value);
    } catch (error) {
      return { form: "input" as const, result: submission.reply({ fieldErrors: lotRefusalFields(error, locale) }) };
    }
    return redirect(`/sell/lots/${id}?input=1#inputs`);
  }
  const submission = parseWithZod(formData, { schema: lotSchema });
  const version = parseId(formData.get("version"));
  if (submission.status !== "success") return { form: "lot" as const, result: submission.reply(), version };
  if (version === null) return { form: "lot" as const, result: submission.reply({ formErrors: ["errors.form.tampered"] }), version };
  try {
    const outcome = await updateLot(actor, farm.id, id, submission.value, version);
    if (!outcome.ok && outcome.reason === "not_found") throw new Response("Not found", { status: 404 });
    // Changed meanwhile: nothing saved; the values typed stay, with the lot's version now, so the next save is deliberate.
    if (!outcome.ok) return { form: "lot" as const, result: submission.reply(), version: outcome.current.version, stale: true };
  } catch (error) {
    if (error instanceof Response) throw error;
    return { form: "lot" as const, result: submission.reply({ fieldErrors: lotRefusalFields(error, locale) }), version };
  }
  return redirect(`/sell/lots/${id}?saved=1`);
}

export default function FarmLot() {
  const t = useT();
  const { lot, categories, url, qr } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const lotReply = actionData?.form === "lot" ? actionData : undefined;
  return (
    <section>
      <p>
        <Link to="/sell/lots">{t("lots.back")}</Link>
      </p>
      <h1>
        {lot.product} · {lot.code}
      </h1>
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("lots.saved")}
        </p>
      ) : null}
      <div className="lot-qr">
        <img src={qr} alt={t("lots.qrAlt", { code: lot.code })} className="qr-image" data-testid="lot-qr" width={240} height={240} />
        <div>
          <p>
            <a href={url}>{t("lots.publicPage")}</a>
          </p>
          <p>
            <a href={`/sell/lots/${lot.id}/labels`}>{t("lots.labels")}</a>
          </p>
          <p>
            {t("lots.scans")}: {lot.scans}
          </p>
        </div>
      </div>

      <h2 id="inputs">{t("lots.inputs")}</h2>
      {params.get("input") ? (
        <p className="notice" role="status">
          {t("lots.inputSaved")}
        </p>
      ) : null}
      <InputList inputs={lot.inputs} />
      <h3>{t("lots.addInput")}</h3>
      <p>{t("lots.addInputLead")}</p>
      <LotInputForm lastResult={actionData?.form === "input" ? actionData.result : undefined} />

      <h2>{t("lots.edit")}</h2>
      <LotForm
        values={{
          product: lot.product,
          categorySlug: lot.categorySlug ?? "",
          plot: lot.plot,
          sownOn: lot.sownOn ?? "",
          harvestedOn: lot.harvestedOn ?? "",
          gtin: lot.gtin ?? "",
          certifications: lot.certifications,
        }}
        categories={categories}
        lastResult={lotReply?.result}
        version={lotReply?.version ?? lot.version}
        notice={lotReply && "stale" in lotReply && lotReply.stale ? t("lots.stale") : undefined}
      />
    </section>
  );
}
