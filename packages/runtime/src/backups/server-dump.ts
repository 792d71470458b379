import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { sql } from "kysely";
import type { CareDatabase } from "@care/core";
import { BackupError } from "./backup-error.js";

/** libpq's URL without the password, which goes in PGPASSWORD instead: a process list shows arguments. */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { url: parsed.toString(), env: { ...process.env, ...(password && { PGPASSWORD: password }) } };
}

/** The server's major version, for "install postgresql-client-<major>". */
export async function serverMajor(database: CareDatabase): Promise<string> {
  const { rows } = await sql<{ version: string }>`select current_setting('server_version_num') as version`.execute(database.db);
  return String(Math.floor(Number(rows[0]!.version) / 10000));
}

const clientHint = (major: string) =>
  `install PostgreSQL's client tools matching the server (PostgreSQL ${major}): apt-get install postgresql-client-${major} ` +
  `(from apt.postgresql.org when the distribution has another version)`;

/**
 * Care's schemas as SQL (pg_dump's plain format), gzipped into `file`. Refused with
 * `backup_unavailable` when pg_dump is not on the PATH or cannot dump this server.
 */
export async function dumpServer(database: CareDatabase, file: string): Promise<void> {
  const major = await serverMajor(database);
  const target = connection(database.serverUrl!);
  const child = spawn(
    "pg_dump",
    [
      "--format=plain",
      "--no-password",
      "--quote-all-identifiers",
      ...careSchemas.map((schema) => `--schema=${schema}`),
      `--dbname=${target.url}`,
    ],
    {
      env: target.env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const unavailable = (why: string, cause?: unknown) =>
    new BackupError(
      "backup_unavailable",
      `cannot back up ${database.location}: ${why}. Nothing was changed. To proceed, ${clientHint(major)}; ` +
        "or, to migrate without a backup (take one with your own tools first), set CARE_MIGRATE_WITHOUT_BACKUP=1",
      { cause },
    );
  try {
    await Promise.all([pipeline(child.stdout, createGzip(), createWriteStream(file, { flags: "wx", mode: 0o600 })), exited]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw unavailable("pg_dump is not on the PATH", error);
    throw unavailable(`pg_dump failed (${(error as Error).message})`, error);
  }
  const code = await exited;
  if (code !== 0) throw unavailable(`pg_dump exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" ") || "no message"}`);
}

/**
 * The schemas Care owns, as pg_dump patterns: a backup holds these only, and a restore drops these
 * only, so another application's schemas in the same database are neither dumped nor touched.
 */
const careSchemas = ["core", "care_system", "plug_*"];
const dropCareSchemas = `do $$ declare s text; begin
  for s in select nspname from pg_catalog.pg_namespace where nspname in ('core', 'care_system') or nspname like 'plug\\_%' loop
    execute pg_catalog.format('drop schema %I cascade', s);
  end loop;
end $$;\n`;

/**
 * Replaces Care's schemas with a dump from `dumpServer`, in one transaction that we open and that
 * only we commit: `COMMIT` is written once the whole file went through and the sha256 of the bytes
 * fed is `sha256`. On any failure psql is killed before its input ends, and the server rolls the
 * session's transaction back (psql's own --single-transaction would commit whatever it got).
 */
export async function restoreServer(database: CareDatabase, file: string, sha256: string): Promise<void> {
  const major = await serverMajor(database);
  const target = connection(database.serverUrl!);
  const child = spawn("psql", ["-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=1", `--dbname=${target.url}`, "-f", "-"], {
    env: target.env,
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const feeding = feed(child, file, sha256).catch((error: unknown) => {
    // Before stdin ends: the session dies inside its transaction, and nothing is committed.
    child.kill("SIGKILL");
    return error as Error;
  });
  let code: number | null;
  try {
    code = await exited;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "psql is not on the PATH" : (error as Error).message;
    throw new BackupError(
      "restore_unavailable",
      `cannot restore into ${database.location}: ${why}. Nothing was changed. To proceed, ${clientHint(major)}`,
      { cause: error },
    );
  }
  const fed = await feeding;
  if (fed instanceof Error || code !== 0) {
    // psql's own failure first: feeding a psql that stopped fails too (EPIPE), which says less.
    const why =
      code !== 0 && code !== null
        ? `psql exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" ") || "no message"}`
        : `reading ${file} failed: ${(fed as Error).message}`;
    throw new BackupError(
      "restore_refused",
      `restoring into ${database.location} failed and was rolled back: the database is as it was (${why})`,
      { cause: fed },
    );
  }
}

/** BEGIN, the drop, the whole file unzipped, and COMMIT only when the bytes read hash to `sha256`. */
async function feed(child: ReturnType<typeof spawn>, file: string, sha256: string): Promise<void> {
  const stdin = child.stdin!;
  const hash = createHash("sha256");
  const hashing = new Transform({ transform: (chunk: Buffer, _encoding, done) => (hash.update(chunk), done(null, chunk)) });
  // What the backup does not hold must go too: a plug installed after it, a table added since.
  stdin.write(`begin;\n${dropCareSchemas}`);
  await pipeline(createReadStream(file), hashing, createGunzip(), stdin, { end: false });
  const fed = hash.digest("hex");
  if (fed !== sha256) throw new Error(`the bytes read hash to ${fed}, not to the .json's ${sha256}: the file changed during the restore`);
  stdin.end("commit;\n");
}
