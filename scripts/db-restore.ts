// npm run db:restore -- DIR — a folder made by npm run db:backup into an empty database
// (DATABASE_URL, or a fresh embedded one) and its photos into UPLOAD_DIR; checks that the
// orders counted at backup time are all there (decision 052).
import { parseArgs } from "node:util";
import { BackupError, findPgTools, readManifest, restore } from "../db/backup";
import { ensureDatabase } from "../db/ensure";
import { env } from "../app/utils/env.server";

const { positionals } = parseArgs({ allowPositionals: true });
if (positionals.length !== 1) {
  console.error("Usage: npm run db:restore -- <backup folder>");
  process.exit(2);
}
const from = positionals[0]!;
const config = env();
let code = 0;
let stop = async () => {};
try {
  // Read before starting anything: a wrong folder is said at once.
  await readManifest(from);
  const database = await ensureDatabase(config);
  stop = database.stop;
  const tools = await findPgTools(config.PG_BIN_DIR);
  const { manifest, uploads } = await restore({
    url: process.env.DATABASE_URL!,
    tools,
    from,
    uploadDir: config.PHOTO_STORE === "disk" ? config.UPLOAD_DIR : null,
  });
  console.log(`Restored the backup of ${manifest.createdAt}: ${manifest.orders} orders, ${uploads} photo files.`);
} catch (error) {
  console.error(error instanceof BackupError ? `Restore failed: ${error.message}` : error);
  code = 1;
} finally {
  await stop();
}
process.exit(code);
