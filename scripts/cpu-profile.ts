/**
 * tsx scripts/cpu-profile.ts FILE.cpuprofile [--top N] — where a V8 CPU
 * profile (node --cpu-prof; npm run bench:pages -- --profile DIR) spent its
 * time: self time by package or app file, and the heaviest functions.
 * Inclusive time of a few named parts of a request (middleware, Remix,
 * rendering, queries) is summed over the stacks that pass through them.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" } } });
const profile = JSON.parse(readFileSync(positionals[0], "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self.entries()].filter(([id]) => ["(idle)", "(program)"].includes(byId.get(id)!.callFrame.functionName)).reduce((a, [, v]) => a + v, 0);

function where(url: string): string {
  if (!url) return "(native/V8)";
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  if (url.startsWith("node:")) return url;
  const app = url.match(/\/(build\/server\/[^?]+|app\/[^?]+|server\.ts|db\/[^?]+)/);
  return app ? app[1] : url;
}

const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, t] of self) {
  const f = byId.get(id)!.callFrame;
  byPlace.set(where(f.url), (byPlace.get(where(f.url)) ?? 0) + t);
  const key = `${f.functionName || "(anonymous)"} ${where(f.url)}:${f.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + t);
}

/** Inclusive time of stacks passing through a frame that matches. */
function inclusive(match: (f: Node["callFrame"]) => boolean): number {
  let sum = 0;
  for (const [id, t] of self) {
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      if (match(byId.get(n)!.callFrame)) {
        sum += t;
        break;
      }
    }
  }
  return sum;
}

const pct = (t: number) => `${((100 * t) / total).toFixed(1)}%`;
const top = Number(values.top);
console.log(`Profile: ${(total / 1000).toFixed(1)} s sampled, of which idle/program ${pct(idle)}.\n`);
console.log("Self time by package or file:");
for (const [k, v] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(v).padStart(6)}  ${k}`);
console.log("\nHeaviest functions (self):");
for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(v).padStart(6)}  ${k}`);
console.log("\nInclusive, by part of the request:");
const parts: [string, (f: Node["callFrame"]) => boolean][] = [
  ["React rendering (react-dom/server)", (f) => /react-dom/.test(f.url)],
  ["helmet", (f) => /node_modules\/helmet/.test(f.url)],
  ["compression (zlib included)", (f) => /node_modules\/compression/.test(f.url)],
  ["pino / pino-http", (f) => /node_modules\/pino/.test(f.url)],
  ["postgres.js", (f) => /node_modules\/postgres\//.test(f.url)],
  ["drizzle-orm", (f) => /node_modules\/drizzle-orm/.test(f.url)],
  ["Remix server runtime", (f) => /@remix-run\/server-runtime/.test(f.url)],
  ["turbo-stream (single fetch data)", (f) => /turbo-stream/.test(f.url)],
  ["garbage collection", (f) => f.functionName === "(garbage collector)"],
];
for (const [name, match] of parts) console.log(`  ${pct(inclusive(match)).padStart(6)}  ${name}`);
