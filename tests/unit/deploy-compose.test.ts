/**
 * deploy/compose.yaml and the Dockerfile, read as files (`docker compose
 * config` is not available on this machine): every service has its image,
 * ports, environment and health check; the app's environment is made of the
 * variables .env.example documents and passes the app's own configuration
 * check; the image is multi-stage, non-root, with production dependencies.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseEnv } from "~/utils/env.server";

type Service = {
  image?: string;
  build?: unknown;
  ports?: string[];
  expose?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  command?: string[];
};
const compose = parse(readFileSync("deploy/compose.yaml", "utf8")) as { services: Record<string, Service> };
const services = compose.services;
const documented = new Set(
  readFileSync(".env.example", "utf8")
    .split("\n")
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name)),
);
const LONG_RUNNING = ["postgres", "meilisearch", "minio", "app", "caddy"];

/** What compose would make of "${NAME:?message}", "${NAME:-default}" and "${NAME}", with the sample deploy/env.example filled in. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g, (_m, name: string, op?: string, rest?: string) => vars[name] || (op === "-" ? (rest ?? "") : ""));
}

describe("deploy/compose.yaml", () => {
  it("gives PostgreSQL memory for the data searches read, set in deploy/.env", () => {
    const sample = readFileSync("deploy/env.example", "utf8");
    const command = (services.postgres.command ?? []).join(" ");
    for (const [setting, variable] of [["shared_buffers", "POSTGRES_SHARED_BUFFERS"], ["effective_cache_size", "POSTGRES_EFFECTIVE_CACHE_SIZE"]]) {
      expect(command).toContain(`-c ${setting}=\${${variable}:-`);
      expect(sample).toMatch(new RegExp(`^${variable}=\\d+[MG]B$`, "m"));
    }
  });

  it("runs PostgreSQL 17, Meilisearch 1.x with a master key, an S3-compatible store, two app replicas and a TLS proxy", () => {
    expect(services.postgres.image).toMatch(/^postgres:17(\b|-)/);
    expect(services.meilisearch.image).toMatch(/^getmeili\/meilisearch:v1\.\d+/);
    expect(services.meilisearch.environment?.MEILI_MASTER_KEY).toMatch(/\$\{MEILI_MASTER_KEY:\?/);
    expect(services.meilisearch.environment?.MEILI_ENV).toBe("production");
    expect(services.minio.image).toMatch(/^minio\/minio:/);
    expect(services.app.deploy?.replicas).toBe(2);
    expect(services.app.build).toBeTruthy();
    expect(services.caddy.image).toMatch(/^caddy:2/);
    expect(services.caddy.ports).toEqual(expect.arrayContaining(["80:80", "443:443"]));
  });

  it.each(LONG_RUNNING)("%s has an image, ports, an environment and a health check", (name) => {
    const service = services[name];
    expect(service.image, "image").toMatch(/^[a-z0-9./_-]+:[\w.-]+$/);
    expect([...(service.ports ?? []), ...(service.expose ?? [])].length, "ports").toBeGreaterThan(0);
    expect(Object.keys(service.environment ?? {}).length, "environment").toBeGreaterThan(0);
    expect(service.healthcheck?.disable, "health check on").not.toBe(true);
    expect(service.healthcheck?.test?.length, "health check").toBeGreaterThan(0);
  });

  it("publishes only the proxy to the world; the others on loopback at most", () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === "caddy") continue;
      for (const port of service.ports ?? []) expect(port, `${name} ${port}`).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it("starts the app after its database, search and bucket are ready, and checks the app's readiness", () => {
    expect(services.app.depends_on).toMatchObject({
      postgres: { condition: "service_healthy" },
      meilisearch: { condition: "service_healthy" },
      "minio-bucket": { condition: "service_completed_successfully" },
    });
    expect(services.app.healthcheck?.test?.join(" ")).toContain("/readyz");
    expect(services.caddy.depends_on).toMatchObject({ app: { condition: "service_healthy" } });
  });

  it("gives the app only variables that .env.example documents, and they pass the app's configuration check", () => {
    const environment = services.app.environment ?? {};
    const undocumented = Object.keys(environment).filter((name) => !documented.has(name));
    expect(undocumented).toEqual([]);
    const sample = Object.fromEntries(
      readFileSync("deploy/env.example", "utf8")
        .split("\n")
        .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map(([, k, v]) => [k, v]),
    );
    const filled = { ...sample, METRICS_TOKEN: "a-metrics-token-0123456789", POSTGRES_PASSWORD: "s3cret", MEILI_MASTER_KEY: "a-master-key-of-24-bytes", S3_ACCESS_KEY_ID: "nongsanso", S3_SECRET_ACCESS_KEY: "s3cret-s3cret", BANK_ACCOUNT_NUMBER: "0011004455667", BANK_ACCOUNT_NAME: "CONG TY NONG SAN SO" };
    const resolved = Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, interpolate(String(v), filled)]));
    const parsed = parseEnv(resolved);
    expect(parsed).toMatchObject({ NODE_ENV: "production", PHOTO_STORE: "s3", COOKIE_SECURE: true, DEMO_DATA: false });
    expect(parsed.DATABASE_URL).toBe("postgres://nongsanso:s3cret@postgres:5432/nongsanso");
    expect(parsed.PHOTO_PUBLIC_URL).toBe(`https://${sample.DOMAIN}/photos`);
    // The metrics the alerts of docs/operations.md read are on.
    expect(parsed.METRICS_TOKEN).toBe("a-metrics-token-0123456789");
  });

  it("lets the app trust the proxy's network for client addresses", () => {
    const subnet = (parse(readFileSync("deploy/compose.yaml", "utf8")) as { networks: { default: { ipam: { config: { subnet: string }[] } } } }).networks.default.ipam.config[0].subnet;
    expect(services.app.environment?.TRUST_PROXY).toBe(subnet);
  });

  it("has the proxy send photos to the bucket and everything else to the app replicas, checking /readyz", () => {
    const caddyfile = readFileSync("deploy/Caddyfile", "utf8");
    expect(caddyfile).toMatch(/dynamic a app 3000/);
    expect(caddyfile).not.toMatch(/health_uri/);
    // Dynamic upstreams get no active health checks: failing replicas are passed over passively, failed requests retried.
    expect(caddyfile).toMatch(/lb_try_duration \d+s/);
    expect(caddyfile).toMatch(/unhealthy_status 5xx/);
    expect(caddyfile).toMatch(/handle_path \/photos\/\*/);
  });
});

describe("Dockerfile", () => {
  const dockerfile = readFileSync("Dockerfile", "utf8");
  it("is multi-stage, runs as a non-root user, with production dependencies only, and stops on a signal", () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    // Not through npm or the tsx command, which relay SIGTERM (tsx kills a child slow to answer).
    expect(dockerfile).toMatch(/^CMD \["node", "--import", "tsx", "server-cluster\.ts"\]$/m);
  });
  it("copies what server.ts needs at run time, and .dockerignore keeps local data out", () => {
    for (const part of ["build", "app", "db", "public", "server.ts", "server-cluster.ts", "tsconfig.json"]) expect(dockerfile).toContain(part);
    const ignore = readFileSync(".dockerignore", "utf8").split("\n");
    expect(ignore).toEqual(expect.arrayContaining(["node_modules", ".data", ".env"]));
  });
});
