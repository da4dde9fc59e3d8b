/** The invoice export's period from the query (?from=&to=, days in Vietnam): this month when absent; 400 when not a period. */
import { currentMonth, monthBounds } from "~/models/papers.server";
import { exportPeriodSchema } from "~/validation/papers";

export function exportPeriod(request: Request): { from: string; to: string; fromInstant: Date; toInstant: Date } {
  const query = new URL(request.url).searchParams;
  const month = currentMonth();
  const { to: monthEnd } = monthBounds(month);
  const lastDay = new Date(monthEnd.getTime() + 7 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
  const parsed = exportPeriodSchema.safeParse({ from: query.get("from") ?? `${month}-01`, to: query.get("to") ?? lastDay });
  if (!parsed.success) throw new Response("Bad request: from and to must be days YYYY-MM-DD, from before to, at most a year apart", { status: 400 });
  const { from, to } = parsed.data;
  // Days in Vietnam: from its midnight to the midnight after `to`.
  return { from, to, fromInstant: new Date(Date.parse(`${from}T00:00:00+07:00`)), toInstant: new Date(Date.parse(`${to}T00:00:00+07:00`) + 86_400_000) };
}
