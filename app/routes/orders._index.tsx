import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { OrderTable } from "~/components/orders";
import { listBuyerOrders } from "~/models/orders/queries.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "orders");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { orders: await listBuyerOrders(user.id) };
}

export default function BuyerOrders() {
  const t = useT();
  const { orders } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section>
      <h1>{t("orders.title")}</h1>
      {params.get("placed") ? (
        <p className="notice" role="status">
          {t("orders.placed", { count: Number(params.get("placed")) })}
          {params.get("approval") ? ` ${t("approval.waitingNotice")}` : null}
        </p>
      ) : null}
      <OrderTable orders={orders} showFarm />
    </section>
  );
}
