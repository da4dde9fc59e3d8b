/** Today's calendar date in Vietnam (UTC+7) as YYYY-MM-DD; browser-safe. */
export function todayIso(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
