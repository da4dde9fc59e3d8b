/** Where a request for quotation takes quotes from, and how it repeats (decision 034): its own list, after the request's facts. */
import { formatDate } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";

export function RequestReach({
  request,
}: {
  request: { audience: string; nationwide: boolean; provinceName: string; provinceNames: string[]; recurrence: string; repeatUntil: string | null };
}) {
  const t = useT();
  const locale = useLocale();
  if (request.audience !== "open" && request.recurrence !== "weekly") return null;
  return (
    <ul className="rfq-reach">
      {request.audience === "open" ? (
        <li>{request.nationwide ? t("rfqNotices.reachesNationwide") : t("rfqNotices.reachesProvinces", { provinces: [request.provinceName, ...request.provinceNames].join(", ") })}</li>
      ) : null}
      {request.recurrence === "weekly" ? (
        <li>{request.repeatUntil ? t("rfqNotices.weeklyUntil", { until: formatDate(request.repeatUntil, locale) }) : t("rfqNotices.weeklyOpen")}</li>
      ) : null}
    </ul>
  );
}
