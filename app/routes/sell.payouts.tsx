import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { NoFarm } from "~/components/no-farm";
import { useT } from "~/utils/use-t";
import { LedgerTable } from "~/components/ledger";
import { farmBalance, ledgerOf, payoutsOf } from "~/models/ledger.server";
import { formatInstant, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { requireSeller } from "~/utils/actor.server";
import { platformFeeBps } from "~/utils/env.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "payouts");

// The farmer's money: balance owed by the platform, every entry, and the payouts received.
export async function loader({ request }: LoaderFunctionArgs) {
  // Money stays the owner's: a helper or co-op member acting for the household is refused (policy "farm.payouts").
  const { farm } = await requireSeller(request, "farm.payouts");
  const feePercent = platformFeeBps() / 100;
  if (!farm) return { farm: null, balanceVnd: 0, entries: [], payouts: [], feePercent };
  const [balanceVnd, entries, payouts] = await Promise.all([farmBalance(farm.id), ledgerOf(farm.id), payoutsOf(farm.id)]);
  return { farm: { name: farm.name }, balanceVnd, entries, payouts, feePercent };
}

export default function FarmPayouts() {
  const t = useT();
  const locale = useLocale();
  const { farm, balanceVnd, entries, payouts, feePercent } = useLoaderData<typeof loader>();
  if (!farm) return <NoFarm title={t("payouts.title")} />;
  return (
    <section>
      <h1>{t("payouts.title")}</h1>
      <p className="cart-total">
        {t("payouts.balance")}: <strong data-testid="balance">{formatVnd(balanceVnd, locale)}</strong>
      </p>
      <p className="meta">{t("payouts.explain", { fee: feePercent.toLocaleString(locale === "vi" ? "vi-VN" : "en-GB") })}</p>
      <h2>{t("payouts.past")}</h2>
      {payouts.length ? (
        <ul className="payout-history">
          {payouts.map((p) => (
            <li key={p.id}>
              {formatInstant(p.createdAt, locale)} — <strong>{formatVnd(-p.amountVnd, locale)}</strong> · <code>{p.bankReference}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("payouts.noPayouts")}</p>
      )}
      <h2>{t("payouts.entries")}</h2>
      <LedgerTable entries={entries} />
    </section>
  );
}
