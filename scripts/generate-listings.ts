// npm run gen:listings -- --count 100000 — adds synthetic listings for benchmarks
// to DATABASE_URL (or the embedded database), after the demo data.
import { parseArgs } from "node:util";
import { closeDb, db } from "../db/client";
import { ensureDatabase } from "../db/ensure";
import { generateListings } from "../db/generate";
import { migrateDatabase } from "../db/migrate";
import { isDatabaseEmpty, seedDemoData } from "../db/seed";
import { env } from "../app/utils/env.server";

const { values } = parseArgs({ options: { count: { type: "string", default: "100000" }, seed: { type: "string", default: "7" } } });
const count = Number(values.count);
if (!Number.isSafeInteger(count) || count <= 0) {
  console.error("--count must be a positive whole number");
  process.exit(1);
}

const database = await ensureDatabase(env());
try {
  await migrateDatabase(db());
  if (await isDatabaseEmpty(db())) await seedDemoData(db());
  const started = performance.now();
  await generateListings(db(), count, {
    seed: Number(values.seed),
    onProgress: (done) => process.stdout.write(`\r${done.toLocaleString("vi-VN")} / ${count.toLocaleString("vi-VN")} listings`),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nAdded ${count} listings in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} a second).`);
} finally {
  await closeDb();
  await database.stop();
}
