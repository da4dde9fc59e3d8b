/**
 * Stopping the server: a signal lets the request in flight finish, then the
 * jobs, the pool and the embedded PostgreSQL stop in that order, and the
 * process exits 0 without a stack trace. Each test starts its own server
 * (production build) as `npm start` would, on a database of this file's
 * own: made by the first start (about 15 s here), reused by the second.
 */
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { listening, startServerProcess, type Server } from "./server-process";

test.describe.configure({ mode: "serial", timeout: 60_000 });

let dir = "";
const startServer = (options: { ownProcessGroup?: boolean } = {}) => startServerProcess(dir, options);
test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "nss-shutdown-"));
});
test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectCleanExit(server: Server, code: number | null) {
  const { stdout, stderr } = server.output();
  expect(stderr, "no stack trace").not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/ECONNRESET|Error/);
  expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
  expect(stdout).toContain("Stopped.");
}

test("SIGTERM: the request in flight completes, then the server, jobs, pools and PostgreSQL stop; exit 0", async () => {
  const server = await startServer();
  try {
    // A login whose body arrives in two halves, the signal in between: the request is in flight.
    const body = "identifier=0912345678&password=sai-mat-khau-roi";
    const socket = net.connect(server.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.on("connect", () => resolve()));
    let response = "";
    socket.on("data", (d) => (response += d));
    const ended = new Promise<void>((resolve) => socket.on("end", () => resolve()));
    socket.write(
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`,
    );
    await new Promise((r) => setTimeout(r, 300));

    server.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 700));
    expect(server.child.exitCode, "still running while a request is in flight").toBeNull();
    expect(await listening(server.port), "no longer accepting connections").toBe(false);

    socket.write(body.slice(20));
    await ended;
    expect(response).toMatch(/^HTTP\/1\.1 (200|400|401) /);
    expect(response).toContain("</html>");

    const code = await server.exited;
    expectCleanExit(server, code);
    expect(await listening(server.pgPort), "PostgreSQL stopped").toBe(false);
  } finally {
    if (server.child.exitCode === null) server.child.kill("SIGKILL");
  }
});

test("SIGINT to the server: exit 0, no stack trace", async () => {
  const server = await startServer();
  try {
    // A page that reads the database, so the pool is in use.
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(200);
    server.child.kill("SIGINT");
    expectCleanExit(server, await server.exited);
    expect(await listening(server.pgPort), "PostgreSQL stopped").toBe(false);
  } finally {
    if (server.child.exitCode === null) server.child.kill("SIGKILL");
  }
});

// PostgreSQL gets the signal too and shuts down at once: closing what is already closed is not an error.
test("Ctrl-C in a terminal (SIGINT to the whole process group, PostgreSQL included): exit 0, no stack trace", async () => {
  const server = await startServer({ ownProcessGroup: true });
  try {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(200);
    process.kill(-server.child.pid!, "SIGINT");
    expectCleanExit(server, await server.exited);
    expect(await listening(server.pgPort), "PostgreSQL stopped").toBe(false);
  } finally {
    if (server.child.exitCode === null) process.kill(-server.child.pid!, "SIGKILL");
  }
});

// The same with a background job waiting on the database when PostgreSQL goes:
// pg-boss marks the job failed without awaiting it, and that write, refused by a
// database shutting down, must not end the process with a stack trace.
test("Ctrl-C while a background job waits on the database: exit 0, no stack trace", async () => {
  const server = await startServer({ ownProcessGroup: true });
  const sql = postgres({ host: "127.0.0.1", port: server.pgPort, user: "postgres", password: "postgres", database: "postgres", max: 2, onnotice: () => {} });
  try {
    // Hold the search outbox, then wake the search worker: its job waits on the lock.
    const held = sql.begin(async (tx) => {
      await tx`lock table search_outbox in access exclusive mode`;
      await new Promise((r) => setTimeout(r, 60_000));
    }).catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    await sql`select pg_notify('search_outbox', '')`;
    for (let i = 0; ; i++) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%search_outbox%'`;
      if (row.n > 0) break;
      if (i > 100) throw new Error("the search job never waited on the outbox");
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(-server.child.pid!, "SIGINT");
    expectCleanExit(server, await server.exited);
    expect(await listening(server.pgPort), "PostgreSQL stopped").toBe(false);
    void held;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
    if (server.child.exitCode === null) process.kill(-server.child.pid!, "SIGKILL");
  }
});
