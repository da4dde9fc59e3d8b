/**
 * Reporting a listing or a farm (decision 037): /report?type=listing&id=5.
 * The listing and farm pages carry the same form; it answers here, after a
 * redirect: thanks, or "already reported" (not an error), or the form again
 * with its errors and what was typed.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "~/validation/zod";
import { ReportForm, type ReportFormErrors } from "~/components/report-form";
import { fileReport, reportSubject } from "~/models/moderation.server";
import { refusing, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { limits } from "~/utils/rate-limit.server";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";
import { REPORT_SUBJECTS, reportSchema } from "~/validation/moderation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "report");

async function subjectOf(request: Request) {
  const url = new URL(request.url);
  const type = z.enum(REPORT_SUBJECTS).safeParse(url.searchParams.get("type"));
  const id = parseId(url.searchParams.get("id"));
  const subject = type.success && id !== null ? await reportSubject(type.data, id) : null;
  if (!subject) throw new Response("Not found", { status: 404 });
  return subject;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request);
  return { subject: await subjectOf(request) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const subject = await subjectOf(request);
  const form = Object.fromEntries(await readForm(request));
  const values = { reason: String(form.reason ?? ""), note: String(form.note ?? "") };
  const parsed = reportSchema.safeParse(form);
  if (!parsed.success) return { values, errors: z.flattenError(parsed.error).fieldErrors as ReportFormErrors };
  if (parsed.data.subjectType !== subject.type || parsed.data.subjectId !== subject.id) return { values, errors: { form: ["moderation.errors.subject"] } };
  const wait = await limits().takeReport(actor.userId);
  if (wait > 0) return { values, errors: { form: [`moderation.errors.limited|${Math.ceil(wait / 60)}`] } };
  const { created } = await refusing(fileReport(actor, parsed.data));
  return redirect(`/report?type=${subject.type}&id=${subject.id}&done=${created ? "created" : "already"}`);
}

export default function Report() {
  const t = useT();
  const { subject } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <section className="narrow">
      <h1>{t("moderation.reportTitle", { name: subject.name })}</h1>
      {done === "created" || done === "already" ? (
        <p className="notice" role="status">
          {t(done === "created" ? "moderation.thanks" : "moderation.already")}
        </p>
      ) : (
        <>
          <p>{t("moderation.reportLead")}</p>
          <ReportForm subject={subject} values={actionData?.values} errors={actionData?.errors} />
        </>
      )}
      <p>
        <Link to={subject.path}>{t("moderation.backTo", { name: subject.name })}</Link>
      </p>
    </section>
  );
}
