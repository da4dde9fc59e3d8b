/**
 * npm run db:backup and db:restore, run as commands: a PostgreSQL from
 * Debian's packages (the version of the machine's pg_dump) gets the demo data,
 * is backed up, and the backup is restored into a fresh embedded database,
 * which must then hold the same orders, rows and photos. The embedded server
 * is newer than the machine's pg_dump, which is how the refusal is shown.
 */
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dumpCanRead, findPgTools, run, type PgTools } from "../../db/backup";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded";
import { freePort } from "../setup/global-db";

const TSX = path.resolve("node_modules/.bin/tsx");
const asRoot = process.getuid?.() === 0;

let root: string;
let tools: PgTools;
let sourceUrl: string;
let stopSource: () => Promise<void> = async () => {};
let target: EmbeddedServer | null = null;

/** Runs one of our scripts as its own process; the exit code and what it printed. */
async function script(name: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [`scripts/${name}.ts`, ...args], {
      env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "silent", ...env },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const message = String(error instanceof Error ? error.message : error);
    return { code: Number(/exit (\d+)/.exec(message)?.[1] ?? -1), out: message };
  }
}

/** As root, PostgreSQL's own programs run as the postgres user. */
function asPostgres(command: string, args: string[]) {
  return asRoot ? run("runuser", ["-u", "postgres", "--", command, ...args]) : run(command, args);
}

async function rows(url: string, query: string): Promise<unknown[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return [...(await sql.unsafe(query))];
  } finally {
    await sql.end();
  }
}

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

beforeAll(async () => {
  tools = await findPgTools();
  if (!tools.initdb) throw new Error(`No initdb beside ${tools.pgDump}: install Debian's postgresql package (.ci/run does).`);
  root = await mkdtemp(path.join(os.tmpdir(), "nss-backup-"));
  const server = path.join(root, "source");
  await mkdir(path.join(server, "sock"), { recursive: true });
  if (asRoot) {
    const postgresUser = await run("id", ["-u", "postgres"]);
    const postgresGroup = await run("id", ["-g", "postgres"]);
    const owner = [Number(postgresUser.stdout), Number(postgresGroup.stdout)] as const;
    await chmod(root, 0o755);
    for (const dir of [server, path.join(server, "sock")]) await chown(dir, ...owner);
  }
  const bin = path.dirname(tools.initdb);
  const data = path.join(server, "data");
  await asPostgres(tools.initdb, ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  await asPostgres(path.join(bin, "pg_ctl"), [
    "-D", data, "-l", path.join(server, "log"), "-w",
    "-o", `-p ${port} -c listen_addresses=127.0.0.1 -k ${path.join(server, "sock")}`,
    "start",
  ]);
  stopSource = async () => {
    await asPostgres(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]).catch(() => {});
  };
  sourceUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const seeded = await script("db-seed", [], { DATABASE_URL: sourceUrl, UPLOAD_DIR: path.join(root, "source-uploads") });
  expect(seeded.out).toMatch(/Demo data loaded/);
}, 240_000);

afterAll(async () => {
  await target?.stop();
  await stopSource();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("npm run db:backup, then db:restore into a fresh embedded database", () => {
  let backupDir: string;

  it("writes the dump, the photos and a manifest", async () => {
    const result = await script("db-backup", ["--out", path.join(root, "backups")], {
      DATABASE_URL: sourceUrl,
      UPLOAD_DIR: path.join(root, "source-uploads"),
    });
    expect(result.out).toMatch(/Backup written to/);
    expect(result.code).toBe(0);
    const [name, ...others] = await readdir(path.join(root, "backups"));
    expect(others).toEqual([]);
    expect(name).toMatch(/^nongsanso-\d{8}T\d{6}Z$/);
    backupDir = path.join(root, "backups", name!);
    const manifest = JSON.parse(await readFile(path.join(backupDir, "manifest.json"), "utf8"));
    const [{ n }] = (await rows(sourceUrl, "select count(*)::int as n from orders")) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    expect(manifest).toMatchObject({ format: 1, orders: n, database: "database.dump" });
    expect(manifest.uploads).toBeGreaterThan(0);
    expect(await files(path.join(backupDir, "uploads"))).toEqual(await files(path.join(root, "source-uploads")));
  }, 120_000);

  it("restores them: the same orders, the same rows in every table, the same photos", async () => {
    target = await startEmbeddedPostgres({ dir: path.join(root, "target"), port: await freePort(), persistent: false });
    const uploads = path.join(root, "target-uploads");
    const result = await script("db-restore", [backupDir], { DATABASE_URL: target.url, UPLOAD_DIR: uploads });
    expect(result.out).toMatch(/Restored the backup/);
    expect(result.code).toBe(0);

    const orders = "select * from orders order by id";
    expect(await rows(target.url, orders)).toEqual(await rows(sourceUrl, orders));
    const lines = "select * from order_items order by order_id, listing_id";
    expect(await rows(target.url, lines)).toEqual(await rows(sourceUrl, lines));
    // Every table, with its row count: nothing left behind, the migrations' own table included.
    const counts = async (url: string) => {
      const tables = (await rows(url, "select schemaname, tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema') order by 1, 2")) as {
        schemaname: string;
        tablename: string;
      }[];
      const out: Record<string, number> = {};
      for (const t of tables) {
        const [{ n }] = (await rows(url, `select count(*)::int as n from "${t.schemaname}"."${t.tablename}"`)) as [{ n: number }];
        out[`${t.schemaname}.${t.tablename}`] = n;
      }
      return out;
    };
    const sourceCounts = await counts(sourceUrl);
    expect(Object.keys(sourceCounts).length).toBeGreaterThan(50);
    expect(await counts(target.url)).toEqual(sourceCounts);

    // The app takes the restored database as it is: its migrations find nothing to do.
    const migrated = await script("db-migrate", [], { DATABASE_URL: target.url });
    expect(migrated.out).toMatch(/Database migrated/);
    expect(await counts(target.url)).toEqual(sourceCounts);

    expect(await files(uploads)).toEqual(await files(path.join(root, "source-uploads")));
    const [first] = await files(uploads);
    expect(await readFile(path.join(uploads, first!))).toEqual(await readFile(path.join(root, "source-uploads", first!)));
  }, 180_000);

  it("refuses to restore into a database that has tables, and changes nothing there", async () => {
    expect(target).not.toBeNull();
    const before = await rows(target!.url, "select * from orders order by id");
    const result = await script("db-restore", [backupDir], { DATABASE_URL: target!.url, UPLOAD_DIR: path.join(root, "target-uploads") });
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/already has \d+ tables; nothing was restored/);
    expect(await rows(target!.url, "select * from orders order by id")).toEqual(before);
  }, 120_000);
});

describe("what db:backup and db:restore refuse", () => {
  it("pg_dump reads its own major version and older servers only", () => {
    expect(dumpCanRead(17, 17)).toBe(true);
    expect(dumpCanRead(18, 17)).toBe(true);
    expect(dumpCanRead(15, 18)).toBe(false);
  });

  it("a pg_dump older than the server: says which versions, and leaves no folder behind", async () => {
    const [{ num }] = (await rows(process.env.DATABASE_URL!, "select current_setting('server_version_num')::int as num")) as [{ num: number }];
    const serverMajor = Math.floor(num / 10000);
    // The embedded server is PostgreSQL 18, Debian's pg_dump 15: the pair this machine has.
    expect(tools.major).toBeLessThan(serverMajor);
    const out = path.join(root, "refused");
    await mkdir(out);
    const result = await script("db-backup", ["--out", out], {
      DATABASE_URL: process.env.DATABASE_URL!,
      PG_BIN_DIR: path.dirname(tools.pgDump),
      UPLOAD_DIR: path.join(root, "none"),
    });
    expect(result.code).toBe(1);
    expect(result.out).toContain(`pg_dump ${tools.major} cannot dump a PostgreSQL ${serverMajor} server`);
    expect(await readdir(out)).toEqual([]);
  }, 60_000);

  it("a folder that is not a backup", async () => {
    const notBackup = path.join(root, "not-a-backup");
    await mkdir(notBackup);
    await writeFile(path.join(notBackup, "database.dump"), "hello");
    const result = await script("db-restore", [notBackup], { DATABASE_URL: sourceUrl });
    expect(result.code).toBe(1);
    expect(result.out).toContain("is not a backup made by npm run db:backup (no manifest.json)");
  }, 60_000);
});
