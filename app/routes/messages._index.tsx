/**
 * The inbox (decision 041): the person's conversations as a buyer, and those
 * of the farms they may answer for (owner, co-op member, helper with the
 * "orders" scope), the newest first, unread ones marked.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { inbox } from "~/models/conversation.server";
import { requireActor } from "~/utils/actor.server";
import { formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "messages");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  return { conversations: await inbox(actor) };
}

export default function Inbox() {
  const t = useT();
  const locale = useLocale();
  const { conversations } = useLoaderData<typeof loader>();
  return (
    <section className="narrow">
      <h1>{t("messages.inboxTitle")}</h1>
      <p>{t("messages.inboxLead")}</p>
      {conversations.length === 0 ? <p className="empty">{t("messages.empty")}</p> : null}
      <ul className="conversation-list">
        {conversations.map((c) => (
          <li key={c.id} className={c.unread ? "unread" : undefined}>
            <Link to={`/messages/${c.id}`}>
              {c.side === "buyer" ? t("messages.asBuyer", { farm: c.farmName }) : t("messages.asFarm", { buyer: c.buyerName, farm: c.farmName })}
            </Link>
            {c.unread ? <strong className="badge"> {t("messages.unread")}</strong> : null}
            <br />
            <span className="muted">
              {t("messages.about", { subject: c.subject })} · {formatInstant(c.lastMessageAt, locale, { time: true })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
