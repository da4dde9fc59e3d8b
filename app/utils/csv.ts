/**
 * Spreadsheet files (CSV) as Excel opens them: UTF-8 with a byte-order mark
 * (so Vietnamese shows), CRLF line ends, a header row first. A cell that
 * would start a formula (= + - @, a tab or a carriage return) is prefixed
 * with an apostrophe, so a name typed by someone cannot run in the reader's
 * spreadsheet (CSV injection); cells with commas, quotes or line ends are quoted.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvFile(rows: string[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** The file as a download named `filename` (ASCII), never cached by a shared cache. */
export function csvResponse(rows: string[][], filename: string): Response {
  return new Response(csvFile(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
