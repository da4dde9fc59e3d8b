/**
 * The database the process should use: DATABASE_URL when set, otherwise the
 * embedded PostgreSQL with its data in EMBEDDED_PG_DIR, started here. Sets
 * DATABASE_URL so that db/client.ts finds it.
 */
import type { Env } from "../app/utils/env.server";
import { startEmbeddedPostgres } from "./embedded";

export async function ensureDatabase(env: Env): Promise<{ embedded: boolean; stop: () => Promise<void> }> {
  if (env.DATABASE_URL) {
    process.env.DATABASE_URL = env.DATABASE_URL;
    return { embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dir: env.EMBEDDED_PG_DIR,
    port: env.EMBEDDED_PG_PORT,
    persistent: true,
  });
  process.env.DATABASE_URL = server.url;
  return { embedded: true, stop: server.stop };
}
