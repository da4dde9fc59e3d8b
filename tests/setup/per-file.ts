/**
 * Each test file runs against its own copy of the migrated template, reached
 * through the same db() handle the application uses.
 */
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "../../db/client";
import { freshDatabaseUrl } from "./db";

beforeAll(async () => {
  await closeDb();
  process.env.DATABASE_URL = await freshDatabaseUrl();
});

afterAll(async () => {
  await closeDb();
});
