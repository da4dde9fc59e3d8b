import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { z } from "~/validation/zod";
import { OrderTable } from "~/components/orders";
import type { OrderStatus } from "~/models/orders/moves.server";
import { listFarmOrders } from "~/models/orders/queries.server";
import { pageTitle } from "~/utils/meta";
import { requireSeller } from "~/utils/actor.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "inbox");

const STATUSES = ["placed", "accepted", "packed", "shipped", "delivered", "completed", "declined", "cancelled", "expired"] as const satisfies readonly OrderStatus[];

// The farmer's order inbox: newest first, filter by status.
export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSeller(request, "order.sell");
  const status = z.enum(STATUSES).safeParse(new URL(request.url).searchParams.get("status"));
  return { orders: farm ? await listFarmOrders(farm.id, status.success ? status.data : undefined) : [] };
}

export default function FarmInbox() {
  const t = useT();
  const { orders } = useLoaderData<typeof loader>();
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
    </section>
  );
}
