/**
 * Fresh databases for tests: each call copies the migrated template (a real
 * PostgreSQL database, not a fake), which takes a few tens of milliseconds.
 */
import { inject } from "vitest";
import { connect } from "../../db/client";

const TEMPLATE_DB = "nss_template";
let counter = 0;

export async function freshDatabaseUrl(): Promise<string> {
  const adminUrl = inject("pgAdminUrl");
  const name = `nss_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = connect(adminUrl, { max: 1 });
  try {
    await admin.sql.unsafe(`create database ${name} template ${TEMPLATE_DB}`);
  } finally {
    await admin.sql.end();
  }
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}
