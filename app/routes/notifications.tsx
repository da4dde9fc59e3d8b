import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { listNotifications } from "~/models/notification.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications");

// Seeing the list marks it read.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { notifications: await listNotifications(user.id) };
}

export default function Notifications() {
  const t = useT();
  const { notifications } = useLoaderData<typeof loader>();
  return (
    <section className="narrow">
      <h1>{t("notifications.title")}</h1>
      {notifications.length === 0 ? <p className="empty">{t("notifications.none")}</p> : null}
      <ul className="notification-list">
        {notifications.map((n) => (
          <li key={n.id} className={n.readAt ? "" : "unread"}>
            {n.path ? <Link to={n.path}>{t(`notifications.${n.kind}`, { ...n.params, number: n.number ?? "" })}</Link> : t(`notifications.${n.kind}`, n.params)}
          </li>
        ))}
      </ul>
    </section>
  );
}
