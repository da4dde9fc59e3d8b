// npm run insights:generate -- --households 500000 --orders 1000000 — adds synthetic adoption data
// (db/generate-insights.ts) to DATABASE_URL (or the embedded database), after the migrations, and refreshes the dashboard.
import { parseArgs } from "node:util";
import { closeDb, db } from "../db/client";
import { ensureDatabase } from "../db/ensure";
import { generateInsightsData } from "../db/generate-insights";
import { migrateDatabase } from "../db/migrate";
import { refreshInsights } from "../app/models/insights.server";
import { env } from "../app/utils/env.server";

const { values } = parseArgs({ options: { households: { type: "string", default: "500000" }, orders: { type: "string", default: "1000000" }, seed: { type: "string", default: "13" } } });
const households = Number(values.households);
const orders = Number(values.orders);
if (![households, orders].every((n) => Number.isSafeInteger(n) && n > 0)) {
  console.error("--households and --orders must be positive whole numbers");
  process.exit(1);
}

const database = await ensureDatabase(env());
try {
  await migrateDatabase(db());
  let started = performance.now();
  await generateInsightsData(db(), { households, orders, seed: Number(values.seed) }, (step) => console.log(`… ${step}`));
  console.log(`Generated ${households} households and ${orders} orders in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  started = performance.now();
  await refreshInsights();
  console.log(`Refreshed the dashboard's views in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await closeDb();
  await database.stop();
}
