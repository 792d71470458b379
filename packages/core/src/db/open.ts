import type { Kysely, Transaction } from "kysely";
import { openEmbedded } from "./embedded/open-embedded.js";
import { openServer } from "./server/open-server.js";
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
   * The server's URL, credentials included, for the runtime's plug logins (the same server and
   * database as another role). Never print it: `location` is for that. Absent on PGlite.
   */
  serverUrl?: string;
  /** On a server, the app's connection pool as it counts itself, for metrics. Absent on PGlite. */
  pool?: { readonly totalCount: number; readonly idleCount: number; readonly waitingCount: number; readonly options: { max?: number } };
  /**
   * Runs a script of several statements (a migration file) in `tx`, which must be a transaction
   * of `db`: PGlite's extended protocol takes one statement at a time, so scripts go through its
   * simple-protocol `exec` on the same (single) session.
   */
  runScript(tx: Transaction<any>, script: string): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<CareDatabase> {
  if (options.url) return openServer(options.url);
  return openEmbedded(options.dataDir);
}

export { redactUrl } from "./server/redact-url.js";
