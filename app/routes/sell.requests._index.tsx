import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requestsForFarm } from "~/models/rfq.server";
import { requireSeller } from "~/utils/actor.server";
import { formatDate, formatInstant, formatQuantity } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sellRequests");

// Requests for quotation that reach the seller's farm (the household acted for, for a helper).
export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSeller(request, "quote.answer");
  return { requests: farm ? await requestsForFarm(farm.id) : [] };
}

export default function SellerRequests() {
  const t = useT();
  const locale = useLocale();
  const { requests } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("rfq.sellTitle")}</h1>
      <p>{t("rfq.sellLead")}</p>
      {requests.length === 0 ? (
        <p>{t("rfq.sellNone")}</p>
      ) : (
        <ul className="rfq-list">
          {requests.map((r) => (
            <li key={r.id}>
              <Link to={`/sell/requests/${r.id}`}>
                {r.product} — {t("rfq.requested", { quantity: formatQuantity(r.quantity, locale), unit: t(`units.${r.unit}`) })}
              </Link>
              <p className="muted">
                {r.companyName} · {r.communeName}, {r.provinceName} · {t("rfq.deliverWindow", { from: formatDate(r.deliverFrom, locale), to: formatDate(r.deliverTo, locale) })} ·{" "}
                {t("rfq.deadlineAt", { at: formatInstant(r.deadline, locale, { time: true }) })} · {t(`rfq.state.${r.state}`)}
                {r.quoteState ? ` · ${t("rfq.yourQuote")}: ${t(`rfq.quoteState.${r.quoteState}`)}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
