/**
 * npm run bench:lcp — Largest Contentful Paint of the home, search and
 * listing pages, with the demo's photos, on Lighthouse's mobile profile.
 *
 * Builds the app (unless --no-build), starts it as `npm start` would in a
 * process of its own (production build, a throwaway embedded PostgreSQL,
 * DEMO_DATA with photos), then drives Chromium (tests/browser.ts) through
 * Playwright. Every visit is a fresh browser context (cold HTTP cache, no
 * connections kept) with a 412 × 823 viewport at DPR 1.75 (Lighthouse's
 * Moto G Power), a mobile user agent and touch, and, through the DevTools
 * protocol, Lighthouse's mobile throttling:
 *   - "mobile": Network.emulateNetworkConditions latency 150 ms, 1.6 Mbps
 *     down, 750 kbps up; Emulation.setCPUThrottlingRate 4. The goal's profile.
 *   - "mobile, Lighthouse DevTools figures": the same as Lighthouse applies
 *     it when throttling through DevTools itself (latency 562.5 ms = 150 ms RTT
 *     × 3.75 per request, 1474.56 kbps down, 675 kbps up, CPU 4×): stricter,
 *     shown for comparison.
 * LCP is read after the load from a buffered PerformanceObserver
 * ('largest-contentful-paint', the last entry), with the element it names
 * and the resource it painted. Baselines in the same run:
 *   - a bare page with the listing's cover at 1200 px (one <img>, nothing
 *     else) served by a minimal Node server under the same profile: what one
 *     photo costs on this network, the floor for a page whose LCP is a photo;
 *   - each page without throttling (desktop-class speed of this machine).
 * Prints median, p75 and max per page and writes the `lcp` section of
 * docs/benchmarks.md. Goal (issue 16): LCP ≤ 1.5 s on the mobile profile.
 * Options: --runs N (default 5), --no-build, --no-report, --no-devtools-profile.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser } from "@playwright/test";
import { chromiumPath } from "../tests/browser";
import { startServerProcess } from "../tests/e2e/server-process";
import { percentile, writeSection } from "./lib/report";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "no-build": { type: "boolean", default: false },
    "no-report": { type: "boolean", default: false },
    "no-devtools-profile": { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
const GOAL_MS = 1500;

type Profile = { name: string; latency: number; downKbps: number; upKbps: number; cpu: number };
const PROFILES: Profile[] = [
  { name: "mobile", latency: 150, downKbps: 1600, upKbps: 750, cpu: 4 },
  ...(values["no-devtools-profile"] ? [] : [{ name: "mobile, Lighthouse DevTools figures", latency: 562.5, downKbps: 1474.56, upKbps: 675, cpu: 4 }]),
];
const UNTHROTTLED: Profile = { name: "unthrottled", latency: 0, downKbps: -1, upKbps: -1, cpu: 1 };

// Lighthouse's mobile device (Moto G Power, 2022).
const DEVICE = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
  userAgent: "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
  locale: "vi-VN",
};

type Visit = { lcp: number; fcp: number; ttfb: number; element: string; resource: string; bytes: number };

async function visit(browser: Browser, url: string, profile: Profile): Promise<Visit> {
  const context = await browser.newContext(DEVICE);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: profile.latency,
      downloadThroughput: profile.downKbps < 0 ? -1 : (profile.downKbps * 1000) / 8,
      uploadThroughput: profile.upKbps < 0 ? -1 : (profile.upKbps * 1000) / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpu });
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    await page.waitForLoadState("networkidle", { timeout: 30_000 }).catch(() => {});
    await page.waitForTimeout(300);
    return await page.evaluate(
      () =>
        new Promise<Visit>((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries() as (PerformanceEntry & { element: Element | null; url: string; renderTime: number; loadTime: number })[];
            const last = entries[entries.length - 1];
            const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
            const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
            const e = last?.element;
            const element = e ? `${e.tagName.toLowerCase()}${e.className && typeof e.className === "string" ? `.${e.className.trim().split(/\s+/).join(".")}` : ""}${e.parentElement?.closest("[class]") ? ` in .${(e.parentElement.closest("[class]")!.className as string).split(/\s+/)[0]}` : ""}` : "?";
            const resource = last?.url ? (performance.getEntriesByName(last.url)[0] as PerformanceResourceTiming | undefined) : undefined;
            resolve({
              lcp: last?.startTime ?? 0,
              fcp,
              ttfb: nav.responseStart,
              element,
              resource: last?.url ? last.url.replace(/^.*\//, "") : "(text)",
              bytes: resource?.encodedBodySize ?? 0,
            });
          }).observe({ type: "largest-contentful-paint", buffered: true });
        }),
    );
  } finally {
    await context.close();
  }
}

/** A bare page with one photo, and the photo, from a server that does nothing else. */
async function bareServer(photo: Buffer): Promise<{ url: string; close: () => Promise<void> }> {
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>1 photo</title></head><body style="margin:0"><img src="/photo.webp" width="1200" height="900" alt="" style="width:100%;height:auto;display:block"></body></html>`;
  const server = http.createServer((req, res) => {
    if (req.url === "/photo.webp") {
      res.writeHead(200, { "content-type": "image/webp", "content-length": photo.length, "cache-control": "no-store" });
      res.end(photo);
    } else {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(html);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const s = (n: number) => (n / 1000).toFixed(2);
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
const p75 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 75);
const max = (xs: number[]) => Math.max(...xs);
/** The most frequent value. */
const mode = (xs: string[]) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";

if (!values["no-build"]) {
  console.log("building (remix vite:build)…");
  const build = spawnSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("build failed");
}

const dir = await mkdtemp(path.join(os.tmpdir(), "nss-bench-lcp-"));
const started = performance.now();
console.log("starting the app with the demo data and its photos…");
const server = await startServerProcess(dir, { env: { DEMO_DATA: "true" }, startSeconds: 600 });
const seedSeconds = ((performance.now() - started) / 1000).toFixed(1);
const base = `http://127.0.0.1:${server.port}`;
let browser: Browser | undefined;
let bare: Awaited<ReturnType<typeof bareServer>> | undefined;
try {
  // The launch flags of the browser tests (playwright.config.ts).
  browser = await chromium.launch({
    executablePath: chromiumPath() ?? undefined,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  const home = await (await fetch(`${base}/`)).text();
  const listingPath = home.match(/href="(\/listings\/\d+\/[^"]+)"/)?.[1];
  if (!listingPath) throw new Error("no listing link on the home page");
  const listingHtml = await (await fetch(`${base}${listingPath}`)).text();
  const cover = listingHtml.match(/<img[^>]*class="cover"[^>]*>/)?.[0] ?? listingHtml.match(/<img[^>]*srcSet="[^"]*"[^>]*>/i)?.[0];
  const coverLg = cover?.match(/srcSet="[^"]*?,\s*([^\s",]+)\s+1200w/i)?.[1];
  if (!coverLg) throw new Error(`no 1200w photo on ${listingPath}`);
  const photo = Buffer.from(await (await fetch(new URL(coverLg.replace(/&amp;/g, "&"), base))).arrayBuffer());
  bare = await bareServer(photo);

  const PAGES: { label: string; url: string }[] = [
    { label: "home `/`", url: `${base}/` },
    { label: "search `/search?q=rau`", url: `${base}/search?q=rau` },
    { label: `listing \`${decodeURI(listingPath)}\``, url: `${base}${listingPath}` },
  ];
  const BASELINE = { label: `baseline: bare page, one 1200 px WebP (${Math.round(photo.length / 1024)} KB)`, url: bare.url };

  // One visit each unmeasured: the server's first render of each page, Chromium's first start.
  for (const p of [...PAGES, BASELINE]) await visit(browser, p.url, UNTHROTTLED);
  const b = browser;

  type Row = { profile: string; label: string; visits: Visit[]; unthrottled?: Visit[] };
  const rows: Row[] = [];
  for (const profile of PROFILES) {
    for (const p of [BASELINE, ...PAGES]) {
      const visits: Visit[] = [];
      for (let i = 0; i < RUNS; i++) visits.push(await visit(b, p.url, profile));
      const row: Row = { profile: profile.name, label: p.label, visits };
      if (profile === PROFILES[0]) {
        row.unthrottled = [];
        for (let i = 0; i < RUNS; i++) row.unthrottled.push(await visit(b, p.url, UNTHROTTLED));
      }
      rows.push(row);
      const l = visits.map((v) => v.lcp);
      console.log(`${profile.name} | ${p.label} | LCP median ${s(median(l))} s, p75 ${s(p75(l))} s, max ${s(max(l))} s | ${mode(visits.map((v) => v.element))} ${mode(visits.map((v) => v.resource))}`);
    }
  }

  const table = (profile: Profile) => {
    const mine = rows.filter((r) => r.profile === profile.name);
    const floor = median(mine[0].visits.map((v) => v.lcp));
    const withUnthrottled = profile === PROFILES[0];
    return [
      `| page | LCP median s | p75 s | max s | / baseline (median) | FCP median s | TTFB median s | ${withUnthrottled ? "unthrottled LCP median s | " : ""}LCP element (most runs) | painted resource (bytes) | ≤ 1.5 s (p75) |`,
      `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ${withUnthrottled ? "---: | " : ""}--- | --- | :-: |`,
      ...mine.map((r, i) => {
        const l = r.visits.map((v) => v.lcp);
        const resource = mode(r.visits.map((v) => v.resource));
        const bytes = r.visits.find((v) => v.resource === resource)?.bytes ?? 0;
        return `| ${r.label} | ${s(median(l))} | ${s(p75(l))} | ${s(max(l))} | ${i === 0 ? "1.00" : (median(l) / floor).toFixed(2)} | ${s(median(r.visits.map((v) => v.fcp)))} | ${s(median(r.visits.map((v) => v.ttfb)))} | ${withUnthrottled ? `${s(median(r.unthrottled!.map((v) => v.lcp)))} | ` : ""}\`${mode(r.visits.map((v) => v.element))}\` | ${resource === "(text)" ? "(text)" : `\`${resource.slice(-16)}\` (${Math.round(bytes / 1024)} KB)`} | ${i === 0 ? "–" : p75(l) <= GOAL_MS ? "yes" : "no"} |`;
      }),
    ].join("\n");
  };

  const goalRows = rows.filter((r) => r.profile === PROFILES[0].name).slice(1);
  const met = goalRows.every((r) => p75(r.visits.map((v) => v.lcp)) <= GOAL_MS);
  const load = os.loadavg().map((n) => n.toFixed(1)).join(", ");
  const when = new Date().toISOString().slice(0, 16).replace("T", " ");
  const body = [
    "## Largest Contentful Paint with photos (`npm run bench:lcp`)",
    "",
    `Run ${when} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"} (load average at the end ${load}); Chromium ${b.version()} through Playwright; production build, demo data with its photos (start-up with seeding ${seedSeconds} s). ${RUNS} visits per page and profile, each in a fresh browser context (cold cache, new connections), 412 × 823 at DPR 1.75, mobile user agent; LCP from a buffered PerformanceObserver after the load. Goal (issue 16): LCP ≤ 1.5 s on the mobile profile, judged at p75.`,
    "",
    "Baseline in the same run: a bare page holding only the listing's cover at 1200 px, served by a minimal Node server under the same throttling — what one photo costs on this network; \"/ baseline\" is the page's median over it. Unthrottled: the same page without any throttling (this machine's own speed).",
    "",
    ...PROFILES.flatMap((profile) => [
      `### ${profile.name}: latency ${profile.latency} ms, ${profile.downKbps} kbps down, ${profile.upKbps} kbps up, CPU ${profile.cpu}× slower`,
      "",
      table(profile),
      "",
    ]),
    `Goal on the mobile profile: ${met ? "met" : "NOT met"} for every page (p75 ≤ 1.5 s).`,
    "",
    "CPU throttling multiplies this machine's own speed: on a loaded 2-core machine (other work running beside the bench) the 4× slowdown applies to an already slowed CPU and inflates the figures; compare the ratios and the unthrottled column before reading the absolute numbers.",
    "",
  ].join("\n");
  console.log(`\n${body}`);
  if (!values["no-report"]) writeSection("docs/benchmarks.md", "lcp", body);
  if (!met) process.exitCode = 1;
} finally {
  await browser?.close();
  await bare?.close();
  server.child.kill("SIGTERM");
  await server.exited;
  await rm(dir, { recursive: true, force: true });
}
