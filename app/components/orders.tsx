import { Link } from "@remix-run/react";
import { DueDate } from "./net-terms";
import { useT } from "~/utils/use-t";
import type { OrderSummary } from "~/models/orders/queries.server";
import { formatInstant, formatVnd } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";

export function OrderTable({ orders, showFarm }: { orders: OrderSummary[]; showFarm: boolean }) {
  // A completed order has its invoice (decision 043): a plain link, the PDF is a resource route.
  const t = useT();
  const locale = useLocale();
  if (!orders.length) return <p className="empty">{t("orders.none")}</p>;
  return (
    <div className="table-wrap">
      {/* Below 600 px each row is a card, its status first and each cell captioned by its data-label (styles.css). */}
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
              <td data-label={t("orders.number")}>
                <Link to={`/orders/${o.id}`}>{o.number}</Link>
                {o.status === "completed" ? (
                  <>
                    <br />
                    <small>
                      <a href={`/orders/${o.id}/invoice.pdf`}>{t("invoices.invoiceLink")}</a>
                    </small>
                  </>
                ) : null}
              </td>
              {showFarm ? <td data-label={t("orders.farm")}>{o.farm.name}</td> : null}
              <td data-label={t("orders.date")}>{formatInstant(o.createdAt, locale)}</td>
              <td data-label={t("orders.total")}>
                {formatVnd(o.totalVnd, locale)}
                <br />
                <small>
                  {t(`payment.${o.paymentMethod}`)} · {t(`paymentStatus.${o.paymentStatus}`)}
                </small>
                {o.dueAt ? (
                  <>
                    <br />
                    <small>
                      <DueDate dueAt={o.dueAt} overdue={o.overdue} />
                    </small>
                  </>
                ) : null}
              </td>
              <td className="status-cell">
                <span className={`state status-${o.status}`}>{t(`orderStatus.${o.status}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
