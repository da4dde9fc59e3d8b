import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { z } from "~/validation/zod";
import { OrderTable } from "~/components/orders";
import type { OrderStatus } from "~/models/orders/moves.server";
import { listFarmOrders } from "~/models/orders/queries.server";
import { standingOrdersOfFarm } from "~/models/standing.server";
import { pageTitle } from "~/utils/meta";
import { requireSeller } from "~/utils/actor.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "inbox");

const STATUSES = ["placed", "accepted", "packed", "shipped", "delivered", "completed", "declined", "cancelled", "expired"] as const satisfies readonly OrderStatus[];

// The farmer's order inbox: newest first, filter by status.
export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSeller(request, "order.sell");
  const status = z.enum(STATUSES).safeParse(new URL(request.url).searchParams.get("status"));
  if (!farm) return { orders: [], standing: [] };
  const [orders, standing] = await Promise.all([listFarmOrders(farm.id, status.success ? status.data : undefined), standingOrdersOfFarm(farm.id)]);
  return { orders, standing };
}

export default function FarmInbox() {
  const t = useT();
  const { orders, standing } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const current = params.get("status");
  return (
    <section>
      <h1>{t("orders.inbox")}</h1>
      <nav className="filters" aria-label={t("sell.filter")}>
        <Link to="/sell/orders" aria-current={!current ? "page" : undefined}>
          {t("sell.allStates")}
        </Link>
        {STATUSES.map((s) => (
          <Link key={s} to={`/sell/orders?status=${s}`} aria-current={current === s ? "page" : undefined}>
            {t(`orderStatus.${s}`)}
          </Link>
        ))}
      </nav>
      <OrderTable orders={orders} showFarm={false} />
      <section aria-labelledby="invoice-export-heading">
        <h2 id="invoice-export-heading">{t("invoices.exportHeading")}</h2>
        <p className="meta">{t("invoices.exportHint")}</p>
        <p>
          <a href="/sell/invoices.json">{t("invoices.exportJson")}</a> · <a href="/sell/invoices.csv">{t("invoices.exportCsv")}</a>
        </p>
      </section>
      {standing.length ? (
        <section aria-labelledby="standing-heading">
          <h2 id="standing-heading">{t("standing.farmTitle")}</h2>
          <p className="meta">{t("standing.farmLead")}</p>
          <ul>
            {standing.map((s) => (
              <li key={s.id}>
                <Link to={`/standing/${s.id}`}>
                  {t("standing.every", { day: t(`standing.weekday.${s.weekday}`) })} — {s.items}
                </Link>{" "}
                · {s.companyName ?? t("standing.personal")} · {t(`standing.state.${s.state}`)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
