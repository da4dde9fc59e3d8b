/** Shared by the bench:* scripts: percentiles, and writing a section of docs/benchmarks.md. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** Nearest-rank percentile of sorted samples: the smallest sample with at least p% of samples at or below it. */
export function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0;
}

export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), n: s.length };
}

export const ms = (n: number) => n.toFixed(1);

/** Replaces the section between <!-- name:start --> and <!-- name:end --> (or appends it). */
export function writeSection(file: string, name: string, body: string) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const current = existsSync(file)
    ? readFileSync(file, "utf8")
    : "# Benchmarks\n\nWritten by the `npm run bench:*` scripts; each compares against a baseline measured in the same run.\n";
  const block = `${start}\n${body}${end}`;
  const next = current.includes(start)
    ? current.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block)
    : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
