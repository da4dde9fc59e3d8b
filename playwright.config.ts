import { defineConfig, devices } from "@playwright/test";
import { chromiumPath } from "./tests/browser";
import { STRIPE_TEST_KEY, STRIPE_TEST_WEBHOOK_SECRET } from "./tests/handlers/stripe-keys";
import { ESMS_TEST_ACCOUNT } from "./tests/handlers/esms-edge";

// The app under test: a production build served by server.ts, on a fresh
// embedded PostgreSQL in tests/.tmp/e2e (wiped at every start) with the demo data,
// Stripe's API and hosted page imitated in-process (STRIPE_FAKE), and eSMS's API (SMS_FAKE).
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
      // Text messages through the real eSMS adapter, answered over HTTP by the imitation in tests/handlers/esms.ts
      // mounted in the server at /__esms; tests read the codes sent with lastCodeSentTo (tests/e2e/helpers.ts).
      SMS_PROVIDER: "esms",
      SMS_FAKE: "true",
      // No page memory here: journeys read pages right after changing them. tests/e2e/page-cache.spec.ts
      // runs an app of its own with it on (decision 047).
      PAGE_CACHE_SECONDS: "0",
      ESMS_BASE_URL: `http://localhost:${PORT}/__esms/`,
      ESMS_API_KEY: ESMS_TEST_ACCOUNT.apiKey,
      ESMS_SECRET_KEY: ESMS_TEST_ACCOUNT.secretKey,
      ESMS_BRANDNAME: ESMS_TEST_ACCOUNT.brandname,
      // Webhooks out (decision 045): the specs' receivers listen on 127.0.0.1; tries a second apart.
      WEBHOOK_ALLOW_LOCAL: "true",
      WEBHOOK_RETRY_SCHEDULE: "1,1",
    },
  },
});
