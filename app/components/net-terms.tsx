/**
 * The company's net terms as its members see them (decision 031): the grant,
 * the open and overdue amounts, what is still available, and each unpaid
 * invoice with its due date (set when the farm delivers).
 */
import { Link } from "@remix-run/react";
import { formatInstant, formatVnd } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";

export type NetTermsView = {
  verified: boolean;
  terms: { days: number; limitVnd: number; inForce: boolean } | null;
  openVnd: number;
  overdueVnd: number;
  invoices: { orderId: number; number: string; farmName: string; totalVnd: number; dueAt: string | Date | null; overdue: boolean }[];
};

export function NetTermsSection({ credit }: { credit: NetTermsView }) {
  const t = useT();
  const locale = useLocale();
  const terms = credit.terms?.inForce ? credit.terms : null;
  if (!terms && !credit.invoices.length) {
    return (
      <section className="net-terms" aria-labelledby="net-terms-title">
        <h2 id="net-terms-title">{t("netTerms.title")}</h2>
        <p>{credit.verified ? t("netTerms.noTerms") : t("netTerms.notVerifiedYet")}</p>
      </section>
    );
  }
  return (
    <section className="net-terms" aria-labelledby="net-terms-title">
      <h2 id="net-terms-title">{t("netTerms.title")}</h2>
      <p>{terms ? t("netTerms.termsLine", { days: String(terms.days), limit: formatVnd(terms.limitVnd, locale) }) : t("netTerms.revoked")}</p>
      <dl className="company-details">
        <dt>{t("netTerms.open")}</dt>
        <dd data-testid="terms-open">{formatVnd(credit.openVnd, locale)}</dd>
        <dt>{t("netTerms.overdue")}</dt>
        <dd>{formatVnd(credit.overdueVnd, locale)}</dd>
        {terms ? (
          <>
            <dt>{t("netTerms.available")}</dt>
            <dd>{formatVnd(Math.max(0, terms.limitVnd - credit.openVnd), locale)}</dd>
          </>
        ) : null}
      </dl>
      <h3>{t("netTerms.invoicesTitle")}</h3>
      {credit.invoices.length ? (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("netTerms.order")}</th>
                <th scope="col">{t("netTerms.farm")}</th>
                <th scope="col">{t("netTerms.amount")}</th>
                <th scope="col">{t("netTerms.due")}</th>
              </tr>
            </thead>
            <tbody>
              {credit.invoices.map((o) => (
                <tr key={o.orderId}>
                  <td>
                    <Link to={`/orders/${o.orderId}`}>{o.number}</Link>
                  </td>
                  <td>{o.farmName}</td>
                  <td>{formatVnd(o.totalVnd, locale)}</td>
                  <td>
                    {o.dueAt ? formatInstant(o.dueAt, locale) : t("netTerms.dueAfterDelivery")}
                    {o.overdue ? <DueBadge /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty">{t("netTerms.noInvoices")}</p>
      )}
    </section>
  );
}

/** "Overdue", beside a due date. */
export function DueBadge() {
  const t = useT();
  return <span className="badge badge-overdue">{t("netTerms.overdueMark")}</span>;
}

/** An order's due date line (net terms), with "overdue" once it passed unpaid; nothing for other orders. */
export function DueDate({ dueAt, overdue }: { dueAt: string | Date | null; overdue: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (!dueAt) return null;
  return (
    <span className="due-date">
      {t("netTerms.due")}: {formatInstant(dueAt, locale)}
      {overdue ? <DueBadge /> : null}
    </span>
  );
}
