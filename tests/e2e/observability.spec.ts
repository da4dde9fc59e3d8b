/**
 * What an operator sees of a running app (issue 17 §4): one JSON log line a
 * request carrying its id, which the response names in X-Request-Id (a given
 * id kept when well-formed, replaced otherwise); /metrics behind its token
 * with request durations by route and the queues read from PostgreSQL.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startServerProcess, type Server } from "./server-process";

test.describe.configure({ mode: "serial", timeout: 90_000 });

const TOKEN = "metrics-token-for-the-test-0123456789";
let dir = "";
let server: Server;
test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "nss-observe-"));
  server = await startServerProcess(dir, { env: { METRICS_TOKEN: TOKEN } });
});
test.afterAll(async () => {
  if (server?.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  await rm(dir, { recursive: true, force: true });
});

const jsonLines = () =>
  server
    .output()
    .stdout.split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

test("each request is one JSON log line with its id, the id the response names", async () => {
  const base = `http://127.0.0.1:${server.port}`;
  const given = await fetch(`${base}/search?q=gao`, { headers: { "X-Request-Id": "bao-cao-123" } });
  expect(given.status).toBe(200);
  expect(given.headers.get("x-request-id")).toBe("bao-cao-123");

  const hostile = await fetch(`${base}/`, { headers: { "X-Request-Id": "<script>\u00e9" + "x".repeat(100) } });
  const made = hostile.headers.get("x-request-id")!;
  expect(made).toMatch(/^[0-9a-f-]{36}$/);

  // One "request completed" line each (any line the app writes while answering carries the id too).
  await expect.poll(() => jsonLines().filter((l) => (l.reqId === "bao-cao-123" || l.reqId === made) && l.msg === "request completed").length).toBe(2);
  const line = jsonLines().find((l) => l.reqId === "bao-cao-123" && l.msg === "request completed")!;
  expect(line).toMatchObject({ level: "info", req: { method: "GET", url: "/search?q=gao" }, res: { statusCode: 200 } });
  expect(typeof line.time).toBe("string");
  expect(typeof line.responseTime).toBe("number");
  // Every line is JSON: the start-up lines too; and no line names its request twice (JSON.parse would hide a repeated key).
  const text = server.output().stdout.split("\n").filter((l) => l.trim());
  expect(text.filter((l) => !l.startsWith("{"))).toEqual([]);
  const raw = text.filter((l) => l.includes('"bao-cao-123"'));
  expect(raw.length).toBeGreaterThan(0);
  for (const l of raw) expect(l.match(/"reqId":/g)).toHaveLength(1);
});

test("/metrics answers only with the token, with durations by route and the queues", async () => {
  const base = `http://127.0.0.1:${server.port}`;
  await fetch(`${base}/listings/999999/khong-co`);
  expect((await fetch(`${base}/metrics`)).status).toBe(401);
  expect((await fetch(`${base}/metrics`, { headers: { Authorization: "Bearer wrong-token-wrong-token-0000" } })).status).toBe(401);
  const response = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  const body = await response.text();
  // Not found: one label, whatever the path (a scanner makes no new series).
  expect(body).toMatch(/nss_http_request_duration_seconds_count\{method="GET",route="unmatched",status="4xx"\} 1/);
  expect(body).not.toMatch(/route="\/listings\/:id\/:name",status="4xx"/);
  expect(body).toMatch(/nss_http_request_duration_seconds_count\{method="GET",route="\/search",status="2xx"\} \d+/);
  expect(body).toMatch(/^nss_db_connections\{state="active"\} \d+/m);
  expect(body).toMatch(/^nss_job_queue_lag_seconds \d/m);
  expect(body).toMatch(/^nss_search_outbox_pending \d+/m);
  expect(body).toMatch(/^nss_failed_emails_24h 0/m);
  expect(body).toMatch(/^nss_failed_webhook_deliveries_24h 0/m);
  expect(body).toMatch(/^process_resident_memory_bytes \d/m);
});
