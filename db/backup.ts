/**
 * Backups (npm run db:backup, npm run db:restore; decision 052): a folder
 * holding the database in pg_dump's custom format, the uploaded photos when
 * they are on the disk, and a manifest saying what went in. PostgreSQL's own
 * tools do the dumping; this module finds them, refuses a pair that cannot
 * work (pg_dump older than the server), writes the folder under a temporary
 * name until it is complete, and checks after a restore that the orders
 * counted at backup time are there.
 */
import { spawn } from "node:child_process";
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";

export class BackupError extends Error {}

export type PgTools = { pgDump: string; pgRestore: string; initdb: string | null; major: number; version: string };

export type Manifest = {
  format: 1;
  createdAt: string;
  serverVersion: string;
  pgDumpVersion: string;
  database: "database.dump";
  /** Rows in orders when the dump was taken: restore checks it finds the same. */
  orders: number;
  /** Files copied from UPLOAD_DIR, or null when photos live in object storage (backed up there). */
  uploads: number | null;
};

/**
 * pg_dump and pg_restore: from binDir when given (PG_BIN_DIR), otherwise the
 * newest of Debian's /usr/lib/postgresql/<major>/bin, otherwise the PATH.
 */
export async function findPgTools(binDir?: string): Promise<PgTools> {
  const dirs = binDir ? [binDir] : await debianBinDirs();
  for (const dir of dirs) {
    const pgDump = path.join(dir, "pg_dump");
    if (!(await isFile(pgDump))) continue;
    const initdb = path.join(dir, "initdb");
    return { pgDump, pgRestore: path.join(dir, "pg_restore"), initdb: (await isFile(initdb)) ? initdb : null, ...(await toolVersion(pgDump)) };
  }
  if (binDir) throw new BackupError(`PG_BIN_DIR=${binDir} has no pg_dump.`);
  try {
    return { pgDump: "pg_dump", pgRestore: "pg_restore", initdb: null, ...(await toolVersion("pg_dump")) };
  } catch {
    throw new BackupError("pg_dump was not found: install PostgreSQL's client tools (Debian: postgresql-client-17) or set PG_BIN_DIR.");
  }
}

async function debianBinDirs(): Promise<string[]> {
  const root = "/usr/lib/postgresql";
  const names = await readdir(root).catch(() => [] as string[]);
  return names
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((name) => path.join(root, name, "bin"));
}

async function toolVersion(command: string): Promise<{ major: number; version: string }> {
  const { stdout } = await run(command, ["--version"]);
  const match = /(\d+)(?:\.(\d+))?/.exec(stdout);
  if (!match) throw new BackupError(`${command} --version said "${stdout.trim()}"`);
  return { major: Number(match[1]), version: stdout.trim() };
}

/** pg_dump reads servers of its own major version and older, never newer ones. */
export function dumpCanRead(pgDumpMajor: number, serverMajor: number): boolean {
  return pgDumpMajor >= serverMajor;
}

export async function backup(options: {
  url: string;
  tools: PgTools;
  outDir: string;
  /** UPLOAD_DIR, or null when photos are in object storage. */
  uploadDir: string | null;
  now?: Date;
}): Promise<{ dir: string; manifest: Manifest }> {
  const { serverVersion, serverMajor, orders } = await describeDatabase(options.url);
  if (!dumpCanRead(options.tools.major, serverMajor)) {
    throw new BackupError(
      `pg_dump ${options.tools.major} cannot dump a PostgreSQL ${serverMajor} server: use pg_dump ${serverMajor} or newer (Debian: postgresql-client-${serverMajor}; or set PG_BIN_DIR to its folder).`,
    );
  }
  const stamp = (options.now ?? new Date()).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const dir = path.resolve(options.outDir, `nongsanso-${stamp}`);
  if (await exists(dir)) throw new BackupError(`${dir} already exists.`);
  // Written under another name and renamed when complete: a folder named like a backup is a whole one.
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    await run(options.tools.pgDump, ["--format=custom", "--no-owner", "--no-privileges", `--file=${path.join(partial, "database.dump")}`, `--dbname=${options.url}`]);
    let uploads: number | null = null;
    if (options.uploadDir) {
      uploads = 0;
      if (await exists(options.uploadDir)) {
        await cp(options.uploadDir, path.join(partial, "uploads"), { recursive: true });
        uploads = (await listFiles(path.join(partial, "uploads"))).length;
      }
    }
    const manifest: Manifest = {
      format: 1,
      createdAt: (options.now ?? new Date()).toISOString(),
      serverVersion,
      pgDumpVersion: options.tools.version,
      database: "database.dump",
      orders,
      uploads,
    };
    await writeFile(path.join(partial, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(partial, dir);
    return { dir, manifest };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

export async function restore(options: {
  url: string;
  tools: PgTools;
  from: string;
  /** UPLOAD_DIR, or null when photos are in object storage. */
  uploadDir: string | null;
}): Promise<{ manifest: Manifest; uploads: number }> {
  const manifest = await readManifest(options.from);
  const tables = await userTables(options.url);
  if (tables > 0) {
    throw new BackupError(
      `The target database already has ${tables} tables; nothing was restored. Restore into an empty database (createdb, or a new EMBEDDED_PG_DIR).`,
    );
  }
  // One transaction: a restore that fails half-way leaves the database empty, not half-filled.
  await run(options.tools.pgRestore, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${options.url}`, path.join(options.from, manifest.database)]);
  let uploads = 0;
  const savedUploads = path.join(options.from, "uploads");
  if (options.uploadDir && (await exists(savedUploads))) {
    // Files already there are kept (force: false): a photo's name is its content's, so they are the same.
    await cp(savedUploads, options.uploadDir, { recursive: true, force: false });
    uploads = (await listFiles(savedUploads)).length;
  }
  const { orders } = await describeDatabase(options.url);
  if (orders !== manifest.orders) {
    throw new BackupError(`The backup held ${manifest.orders} orders but the restored database has ${orders}.`);
  }
  return { manifest, uploads };
}

export async function readManifest(from: string): Promise<Manifest> {
  const text = await readFile(path.join(from, "manifest.json"), "utf8").catch(() => null);
  if (text === null) throw new BackupError(`${from} is not a backup made by npm run db:backup (no manifest.json).`);
  let manifest: Partial<Manifest>;
  try {
    manifest = JSON.parse(text) as Partial<Manifest>;
  } catch {
    throw new BackupError(`${path.join(from, "manifest.json")} is not valid JSON.`);
  }
  if (manifest.format !== 1 || manifest.database !== "database.dump" || typeof manifest.orders !== "number") {
    throw new BackupError(`${path.join(from, "manifest.json")} is not a manifest this version understands.`);
  }
  if (!(await exists(path.join(from, manifest.database)))) throw new BackupError(`${from} has no ${manifest.database}.`);
  return manifest as Manifest;
}

async function describeDatabase(url: string): Promise<{ serverVersion: string; serverMajor: number; orders: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ version: string; num: number }[]>`
      select current_setting('server_version') as version, current_setting('server_version_num')::int as num`;
    const [ordersTable] = await sql<{ present: boolean }[]>`select to_regclass('public.orders') is not null as present`;
    const orders = ordersTable!.present ? Number((await sql<{ n: string }[]>`select count(*) as n from public.orders`)[0]!.n) : 0;
    return { serverVersion: row!.version, serverMajor: Math.floor(row!.num / 10000), orders };
  } finally {
    await sql.end();
  }
}

async function userTables(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: string }[]>`
      select count(*) as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`;
    return Number(row!.n);
  } finally {
    await sql.end();
  }
}

/** Runs a command; rejects with its stderr when it fails. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => reject(new BackupError(`${command}: ${error.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve({ stdout, stderr });
      // The connection string may hold a password: never repeat the arguments.
      else reject(new BackupError(`${path.basename(command)} failed (exit ${code}): ${stderr.trim().split("\n").slice(-5).join("\n")}`));
    });
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}
