import { defineConfig, devices } from "@playwright/test";
import { chromiumPath } from "./tests/browser";
import { STRIPE_TEST_KEY, STRIPE_TEST_WEBHOOK_SECRET } from "./tests/handlers/stripe-keys";

// The app under test: a production build served by server.ts, on a fresh
// embedded PostgreSQL in tests/.tmp/e2e (wiped at every start) with the demo data,
// and Stripe's API and hosted page imitated in-process (STRIPE_FAKE).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const executablePath = chromiumPath() ?? undefined;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "tests/.tmp/playwright.json" }]],
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "vi-VN",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 412, height: 915 } } }],
  webServer: {
    command: "rm -rf tests/.tmp/e2e && npx tsx server.ts",
    url: `http://localhost:${PORT}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      EMBEDDED_PG_DIR: "tests/.tmp/e2e/pg",
      EMBEDDED_PG_PORT: String(Number(process.env.E2E_PG_PORT ?? 54400)),
      UPLOAD_DIR: "tests/.tmp/e2e/uploads",
      DEMO_DATA: "true",
      COOKIE_SECURE: "false",
      // Playwright reaches the server from 127.0.0.1, a trusted proxy: tests play separate visitors
      // by X-Forwarded-For (tests/e2e/helpers.ts asNewClient), each with its own signup and login counts.
      TRUST_PROXY: "loopback",
      // Card payments on, with Stripe answered in-process by tests/handlers/stripe.ts (never the real API).
      STRIPE_FAKE: "true",
      STRIPE_SECRET_KEY: STRIPE_TEST_KEY,
      STRIPE_WEBHOOK_SECRET: STRIPE_TEST_WEBHOOK_SECRET,
    },
  },
});
