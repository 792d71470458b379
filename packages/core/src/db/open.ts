import { mkdir } from "node:fs/promises";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql, type Transaction } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { CoreDatabase } from "./tables.js";

/** Where the data lives: a PostgreSQL server (`url`), a PGlite folder (`dataDir`), or memory. */
export interface DatabaseOptions {
  url?: string | undefined;
  dataDir?: string | undefined;
}

export interface CareDatabase {
  db: Kysely<CoreDatabase>;
  engine: "pglite" | "postgres";
  /** Where the data is, safe to print: a server URL never shows its password. */
  location: string;
  /**
   * Runs a script of several statements (a migration file) in `tx`, which must be a transaction
   * of `db`: PGlite's extended protocol takes one statement at a time, so scripts go through its
   * simple-protocol `exec` on the same (single) session.
   */
  runScript(tx: Transaction<any>, script: string): Promise<void>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;

/**
 * Calendar dates stay `YYYY-MM-DD` text (a Date would shift them by the time zone) and
 * bigint ids stay strings, identically on both engines.
 */
const keepAsText = (value: string) => value;

export async function openDatabase(options: DatabaseOptions): Promise<CareDatabase> {
  if (options.url) return openServer(options.url);
  return openEmbedded(options.dataDir);
}

async function openEmbedded(dataDir: string | undefined): Promise<CareDatabase> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir && { dataDir }),
    parsers: { [pgliteTypes.DATE]: keepAsText, [pgliteTypes.INT8]: keepAsText },
  });
  const db = new Kysely<CoreDatabase>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: "pglite",
    location: dataDir ? `PGlite in ${dataDir}` : "PGlite in memory",
    // Kysely holds PGlite's only session for the transaction, so exec runs inside it.
    runScript: async (_tx, script) => void (await pglite.exec(script)),
    close: () => db.destroy(),
  };
}

async function openServer(url: string): Promise<CareDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === DATE_OID || oid === INT8_OID ? keepAsText : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  await pool.query("select 1").catch((error: Error) => {
    void pool.end();
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${error.message}`);
  });
  const db = new Kysely<CoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: "postgres",
    location: `PostgreSQL at ${redactUrl(url)}`,
    // Without parameters, pg sends the simple protocol, which accepts several statements.
    runScript: async (tx, script) => void (await sql.raw(script).execute(tx)),
    close: () => db.destroy(),
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
