// npm run db:seed — migrates, then loads the demo data if the database is empty.
import { closeDb, db } from "../db/client";
import { ensureDatabase } from "../db/ensure";
import { migrateDatabase } from "../db/migrate";
import { isDatabaseEmpty, seedDemoData } from "../db/seed";
import { env } from "../app/utils/env.server";

const database = await ensureDatabase(env());
try {
  await migrateDatabase(db());
  if (await isDatabaseEmpty(db())) {
    const started = performance.now();
    const counts = await seedDemoData(db());
    console.log(
      `Demo data loaded in ${Math.round(performance.now() - started)} ms: ${counts.users} accounts, ${counts.farms} farms, ${counts.listings} listings, ${counts.orders} orders.`,
    );
  } else {
    console.log("The database already has data; nothing loaded.");
  }
} finally {
  await closeDb();
  await database.stop();
}
