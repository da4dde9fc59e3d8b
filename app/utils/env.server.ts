/**
 * Configuration: every environment variable the server reads, validated once
 * at start-up. A bad value stops the start with a message naming the variable.
 * Only `publicEnv()` may be sent to the browser.
 */
import { isIP } from "node:net";
import { z } from "~/validation/zod";

const booleanish = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

const PROXY_NAMES = ["loopback", "linklocal", "uniquelocal"];

/** One entry of a TRUST_PROXY list: a name Express knows, an address, or address/prefix. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/**
 * Which proxies may tell us the client's address (X-Forwarded-For), in the
 * forms Express's "trust proxy" takes: "false" (none: the socket's address),
 * a hop count, or a comma-separated list of loopback / linklocal /
 * uniquelocal, addresses and CIDR ranges. "true" (trust any header) is
 * refused: a client could then choose the address its limits are counted by.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    if (value === "false") return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(",").map((v) => v.trim());
    const bad = entries.filter((entry) => !isProxyEntry(entry));
    if (bad.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `not a proxy address, range, hop count or false: ${bad.join(", ")} (true is refused: it trusts any client's X-Forwarded-For)`,
      });
      return z.NEVER;
    }
    return entries;
  });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  EMBEDDED_PG_DIR: z.string().min(1).default(".data/pg"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  DEMO_DATA: booleanish.optional(),
  // Where npm run db:backup and db:restore find pg_dump and pg_restore (decision 052). Default: Debian's newest, then the PATH.
  PG_BIN_DIR: z.string().min(1).optional(),
  UPLOAD_DIR: z.string().min(1).default(".data/uploads"),
  // Where photos are stored (README "Run in production"): the disk under UPLOAD_DIR, or an S3-compatible bucket.
  PHOTO_STORE: z.enum(["disk", "s3"]).default("disk"),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "a bucket name: 3 to 63 lower-case letters, digits, . and -").optional(),
  S3_REGION: z.string().min(1).default("ap-southeast-1"),
  // Unset for AWS itself; set for another S3-compatible store (MinIO, Viettel, FPT, Cloudflare R2 …).
  S3_ENDPOINT: z.url().optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // Path-style addresses (endpoint/bucket/key), as most self-hosted stores need.
  S3_FORCE_PATH_STYLE: booleanish.optional(),
  // The public base of photo URLs: a CDN in front of the bucket. Default: the bucket's own address.
  PHOTO_PUBLIC_URL: z.url().optional(),
  COOKIE_SECURE: booleanish.optional(),
  TRUST_PROXY: trustProxy.default(["loopback"]),
  PUBLIC_URL: z.url().optional(),
  MEILI_HOST: z.url().optional(),
  MEILI_API_KEY: z.string().optional(),
  MEILI_INDEX: z.string().regex(/^[a-zA-Z0-9_-]+$/, "letters, digits, - and _ only").default("listings"),
  SEARCH_WORKER: booleanish.optional(),
  // Seconds an anonymous page (home, search, listing, farm) is answered from this process's memory; 0: off (decision 047).
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  // App processes `npm start` runs (server-cluster.ts); default: the CPUs available to it.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  // Prometheus metrics at /metrics for requests with "Authorization: Bearer <token>"; unset: /metrics is 404.
  METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  // Logs: json (one object a line, the default in production) or pretty (for people, the default otherwise).
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  // The platform's bank account for VietQR transfers (demo values by default).
  BANK_BIN: z.string().regex(/^\d{6}$/, "a 6-digit bank BIN").default("970436"),
  BANK_ACCOUNT_NUMBER: z.string().regex(/^[0-9A-Z]{6,19}$/, "6 to 19 digits or capitals").default("0011004455667"),
  BANK_ACCOUNT_NAME: z.string().min(2).default("CONG TY NONG SAN SO"),
  // Email for notifications, e.g. smtp://user:password@smtp.example.vn:587; unset: in-app only.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().min(3).default("Nông Sản Số <no-reply@nongsanso.vn>"),
  BANK_TRANSFER_HOLD_MINUTES: z.coerce.number().int().min(5).max(7 * 24 * 60).default(24 * 60),
  // Card payments through Stripe Checkout: offered only when both are set.
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "a Stripe secret key (sk_test_… or sk_live_…)").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, "a webhook signing secret (whsec_…)").optional(),
  // Stripe lets a Checkout Session live 30 minutes to 24 hours; the stock is held as long.
  CARD_PAYMENT_HOLD_MINUTES: z.coerce.number().int().min(30).max(24 * 60).default(30),
  // The platform's fee on each completed order, in percent (two decimals at most).
  PLATFORM_FEE_PERCENT: z.coerce
    .number()
    .min(0)
    .max(50)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, "at most two decimals")
    .default(5),
  // Tests only: Stripe's API answered in-process by the request handlers in tests/handlers/stripe.ts (never with a live key).
  STRIPE_FAKE: booleanish.optional(),
  // Text messages (one-time codes) — docs/decisions/026-messaging-port.md. Unset: the console adapter (logged, nothing sent).
  SMS_PROVIDER: z.enum(["console", "esms"]).default("console"),
  ESMS_API_KEY: z.string().regex(/^[\w-]{8,100}$/, "the ApiKey from the eSMS.vn account page").optional(),
  ESMS_SECRET_KEY: z.string().regex(/^[\w-]{8,100}$/, "the SecretKey from the eSMS.vn account page").optional(),
  // The registered sender name (brandname) for customer-care messages (SmsType 2).
  ESMS_BRANDNAME: z.string().regex(/^[A-Za-z0-9 ._&-]{2,11}$/, "a registered brandname: 2 to 11 letters, digits, space . _ & -").optional(),
  ESMS_BASE_URL: z.url().default("https://rest.esms.vn/MainService.svc/json/"),
  // Sandbox=1: eSMS checks the request but neither sends nor charges.
  ESMS_SANDBOX: booleanish.optional(),
  ESMS_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
  // Tests only: eSMS answered by the imitation in tests/handlers/esms.ts, mounted in this server at /__esms/.
  SMS_FAKE: booleanish.optional(),
  // Webhooks out (decision 045): seconds between a delivery's tries, after the first (Standard Webhooks' schedule stretched to ~3 days).
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, "seconds between tries, comma-separated")
    .default("5,300,1800,7200,18000,36000,36000,36000,36000,43200,43200"),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(10_000),
  // Tests only: endpoints on this machine (http://localhost, 127.0.0.1) allowed in production mode too.
  WEBHOOK_ALLOW_LOCAL: booleanish.optional(),
}).refine((e) => !e.STRIPE_FAKE || e.STRIPE_SECRET_KEY?.startsWith("sk_test_fake_"), {
  // A key Stripe never issues: the fake's pay-anything pages cannot run beside a real account.
  path: ["STRIPE_FAKE"],
  message: "needs STRIPE_SECRET_KEY=sk_test_fake_… (tests only)",
}).superRefine((e, ctx) => {
  if (e.SMS_PROVIDER !== "esms") return;
  for (const name of ["ESMS_API_KEY", "ESMS_SECRET_KEY", "ESMS_BRANDNAME"] as const) {
    if (!e[name]) ctx.addIssue({ code: "custom", path: [name], message: "required with SMS_PROVIDER=esms" });
  }
}).superRefine((e, ctx) => {
  if (e.PHOTO_STORE !== "s3") return;
  if (!e.S3_BUCKET) ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "required with PHOTO_STORE=s3" });
  if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
    ctx.addIssue({ code: "custom", path: [e.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID"], message: "set both S3 keys, or neither (the SDK's own credentials)" });
  }
}).refine((e) => !e.SMS_FAKE || (e.SMS_PROVIDER === "esms" && isLoopbackUrl(e.ESMS_BASE_URL)), {
  // The imitation answers every code as sent: it must never stand in front of the real eSMS.
  path: ["SMS_FAKE"],
  message: "needs SMS_PROVIDER=esms and ESMS_BASE_URL on localhost (tests only)",
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

const englishMessage = z.locales.en().localeError;

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings (as left by `FOO=` in a .env file) mean "not set".
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  // zod's own English here: the forms' default message (an i18n key, app/validation/zod.ts) means nothing in a terminal.
  const result = schema.safeParse(cleaned, { error: englishMessage });
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/**
 * The site's address for links that leave the page (emails, Stripe's return
 * and webhook addresses): PUBLIC_URL, else the origin the request came to,
 * else this server on localhost.
 */
export function publicOrigin(request?: Request, e: Env = env()): string {
  return e.PUBLIC_URL ?? (request ? new URL(request.url).origin : `http://localhost:${e.PORT}`);
}

export function cardPaymentsEnabled(e: Env = env()): boolean {
  return Boolean(e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET);
}

/** The fee rate in basis points (5% = 500), so fees are computed in whole numbers. */
export function platformFeeBps(e: Env = env()): number {
  return Math.round(e.PLATFORM_FEE_PERCENT * 100);
}

export function cookieSecure(): boolean {
  const e = env();
  return e.COOKIE_SECURE ?? e.NODE_ENV === "production";
}
