/**
 * Which engine answers: Meilisearch when MEILI_HOST is set, otherwise
 * PostgreSQL. One instance per process.
 */
import { db } from "../../db/client";
import { env } from "~/utils/env.server";
import { MeilisearchEngine } from "./meilisearch-engine.server";
import type { SearchEngine } from "./port";
import { PostgresSearchEngine } from "./postgres-engine.server";

const globalForSearch = globalThis as unknown as { __nssSearchEngine?: SearchEngine };

export function createEngine(config = env()): SearchEngine {
  if (config.MEILI_HOST) {
    return new MeilisearchEngine({ host: config.MEILI_HOST, apiKey: config.MEILI_API_KEY, index: config.MEILI_INDEX });
  }
  return new PostgresSearchEngine(db);
}

export function searchEngine(): SearchEngine {
  globalForSearch.__nssSearchEngine ??= createEngine();
  return globalForSearch.__nssSearchEngine;
}
