import { Link } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import type { LedgerEntry } from "~/models/ledger.server";
import { formatInstant, formatVnd } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";

/** A farm's ledger: each entry with what it did to the balance. */
export function LedgerTable({ entries }: { entries: (Omit<LedgerEntry, "createdAt"> & { createdAt: string | Date })[] }) {
  const t = useT();
  const locale = useLocale();
  if (!entries.length) return <p className="empty">{t("payouts.noEntries")}</p>;
  return (
    <div className="table-wrap">
      {/* Below 600 px each row is a card, the entry first and each cell captioned by its data-label (styles.css). */}
      <table className="seller-table">
        <thead>
          <tr>
            <th scope="col">{t("payouts.date")}</th>
            <th scope="col">{t("payouts.entry")}</th>
            <th scope="col">{t("payouts.gross")}</th>
            <th scope="col">{t("payouts.fee")}</th>
            <th scope="col">{t("payouts.net")}</th>
            <th scope="col">{t("payouts.amount")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td data-label={t("payouts.date")}>{formatInstant(e.createdAt, locale)}</td>
              <td className="status-cell">
                {t(`payouts.kind.${e.kind}`)}{" "}
                {e.orderId ? <Link to={`/orders/${e.orderId}`}>{e.orderNumber}</Link> : <code>{e.bankReference}</code>}
              </td>
              <td data-label={t("payouts.gross")}>{e.kind === "payout" ? "" : formatVnd(e.grossVnd, locale)}</td>
              <td data-label={t("payouts.fee")}>{e.kind === "payout" ? "" : formatVnd(e.feeVnd, locale)}</td>
              <td data-label={t("payouts.net")}>{e.kind === "payout" ? "" : formatVnd(e.netVnd, locale)}</td>
              <td data-label={t("payouts.amount")}>
                <strong>{formatVnd(e.amountVnd, locale)}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
