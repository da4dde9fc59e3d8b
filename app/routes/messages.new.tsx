/**
 * "Hỏi nhà vườn" (decision 041): /messages/new?listing=12 or ?order=34. A
 * conversation about the subject that exists already is opened instead;
 * otherwise the buyer's first message makes it.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { MessageForm } from "~/components/message-form";
import { conversationStart, startConversation } from "~/models/conversation.server";
import { notFound } from "~/policy/errors";
import { formRefusal, refusal, refusing, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { useT } from "~/utils/use-t";
import { messageSchema, parseConversationSubject } from "~/validation/messages";
import { z } from "~/validation/zod";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "messages");

function subjectOf(request: Request) {
  const subject = parseConversationSubject(new URL(request.url).searchParams);
  if (!subject) throw refusal(notFound());
  return subject;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const start = await refusing(conversationStart(actor, subjectOf(request)));
  if (start.existingId !== null) throw redirect(`/messages/${start.existingId}`);
  return start;
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const subject = subjectOf(request);
  const form = Object.fromEntries(await readForm(request));
  const values = { body: typeof form.body === "string" ? form.body : "" };
  const parsed = messageSchema.safeParse(form);
  if (!parsed.success) return { values, errors: { formErrors: [], fieldErrors: z.flattenError(parsed.error).fieldErrors } };
  try {
    const { conversationId } = await startConversation(actor, subject, parsed.data.body);
    return redirect(`/messages/${conversationId}#latest`);
  } catch (error) {
    return { values, errors: formRefusal(error) };
  }
}

export default function AskFarm() {
  const t = useT();
  const { farmName, title, path } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const location = useLocation();
  return (
    <section className="narrow">
      <h1>{t("messages.askTitle", { farm: farmName })}</h1>
      <p>
        {t("messages.askLead", { subject: title })} <Link to={path}>{title}</Link>
      </p>
      <MessageForm action={`/messages/new${location.search}`} values={reply?.values} errors={reply?.errors} />
    </section>
  );
}
