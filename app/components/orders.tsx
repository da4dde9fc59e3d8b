import { Link } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import type { OrderSummary } from "~/models/order.server";
import { formatInstant, formatVnd } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";

export function OrderTable({ orders, showFarm }: { orders: OrderSummary[]; showFarm: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (!orders.length) return <p className="empty">{t("orders.none")}</p>;
  return (
    <div className="table-wrap">
      <table className="seller-table">
        <thead>
          <tr>
            <th scope="col">{t("orders.number")}</th>
            {showFarm ? <th scope="col">{t("orders.farm")}</th> : null}
            <th scope="col">{t("orders.date")}</th>
            <th scope="col">{t("orders.total")}</th>
            <th scope="col">{t("orders.status")}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id}>
              <td>
                <Link to={`/orders/${o.id}`}>{o.number}</Link>
              </td>
              {showFarm ? <td>{o.farm.name}</td> : null}
              <td>{formatInstant(o.createdAt, locale)}</td>
              <td>
                {formatVnd(o.totalVnd, locale)}
                <br />
                <small>
                  {t(`payment.${o.paymentMethod}`)} · {t(`paymentStatus.${o.paymentStatus}`)}
                </small>
              </td>
              <td>
                <span className={`state status-${o.status}`}>{t(`orderStatus.${o.status}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
