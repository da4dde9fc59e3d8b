/**
 * The app as `npm start` runs it, in a process of its own (production build,
 * its own embedded PostgreSQL under `dir`), for tests of the process itself:
 * stopping, logs, metrics.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export type Server = { child: ChildProcess; port: number; pgPort: number; output: () => { stdout: string; stderr: string }; exited: Promise<number | null> };

export async function startServerProcess(dir: string, options: { ownProcessGroup?: boolean; env?: Record<string, string>; startSeconds?: number; entry?: string } = {}): Promise<Server> {
  const [port, pgPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    EMBEDDED_PG_DIR: path.join(dir, "pg"),
    EMBEDDED_PG_PORT: String(pgPort),
    UPLOAD_DIR: path.join(dir, "uploads"),
    DEMO_DATA: "false",
    COOKIE_SECURE: "false",
    ...options.env,
  };
  // As `npm start` runs it: node itself with tsx as its loader, so signals reach the server
  // directly (the tsx command relays them, and SIGKILLs a child that has not answered within
  // 2 × 30 ms: on a loaded machine, a Ctrl-C then ended the server with 130 and no shutdown).
  // server.ts: one process; server-cluster.ts: `npm start`, a primary and WEB_CONCURRENCY workers.
  const child = spawn(process.execPath, ["--import", "tsx", options.entry ?? "server.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.ownProcessGroup ?? false,
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const server = { child, port, pgPort, output: () => ({ stdout, stderr }), exited };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited during start-up:\n${stdout}\n${stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return server;
    // A fresh database and every migration take more than 20 s on a busy 2-core machine (CI saw it): 50 by default.
    if (i > (options.startSeconds ?? 50) * 10) throw new Error(`server did not start:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when something accepts connections on the port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

