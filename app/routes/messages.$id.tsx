/**
 * One conversation (decision 041): its messages, oldest first, and a plain
 * form to write. Posting redirects here, so the page shows the new message
 * with or without JavaScript; a link reloads it for the other side's answer.
 * Reading it marks it read. Anyone not taking part gets 404.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MessageForm } from "~/components/message-form";
import { conversationFor, postMessage } from "~/models/conversation.server";
import { formRefusal, refusal, refusing, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";
import { messageSchema } from "~/validation/messages";
import { z } from "~/validation/zod";
import { notFound } from "~/policy/errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "messages");

function conversationId(param: string | undefined): number {
  const id = parseId(param);
  if (id === null) throw refusal(notFound());
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const id = conversationId(params.id);
  return refusing(conversationFor(actor, id));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const id = conversationId(params.id);
  const form = Object.fromEntries(await readForm(request));
  const values = { body: typeof form.body === "string" ? form.body : "" };
  const parsed = messageSchema.safeParse(form);
  if (!parsed.success) return { values, errors: { formErrors: [], fieldErrors: z.flattenError(parsed.error).fieldErrors } };
  try {
    await postMessage(actor, id, parsed.data.body);
  } catch (error) {
    return { values, errors: formRefusal(error) };
  }
  return redirect(`/messages/${id}#latest`);
}

export default function Conversation() {
  const t = useT();
  const locale = useLocale();
  const { head, side, subject, messages } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section className="narrow">
      <p>
        <Link to="/messages">{t("messages.backToInbox")}</Link>
      </p>
      <h1>{side === "buyer" ? t("messages.asBuyer", { farm: head.farmName }) : t("messages.asFarm", { buyer: head.buyerName, farm: head.farmName })}</h1>
      <p>
        <Link to={subject.path}>{t("messages.about", { subject: subject.title })}</Link>
      </p>
      <ol className="message-thread" aria-label={t("messages.threadLabel")}>
        {messages.map((m, i) => (
          <li key={m.id} id={i === messages.length - 1 ? "latest" : undefined} className={m.side === side ? "mine" : "theirs"}>
            {m.warn ? (
              <p className="notice warning" role="note">
                {t("messages.warning")}
              </p>
            ) : null}
            <p className="message-meta">
              <strong>{m.side === side ? t("messages.you") : m.authorName}</strong> · {formatInstant(m.createdAt, locale, { time: true })}
            </p>
            <p className="message-body">{m.body}</p>
          </li>
        ))}
      </ol>
      <p>
        <Link to={`/messages/${head.id}`} reloadDocument>
          {t("messages.refresh")}
        </Link>
      </p>
      <MessageForm values={reply?.values} errors={reply?.errors} />
    </section>
  );
}
