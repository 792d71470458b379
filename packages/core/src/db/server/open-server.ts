import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { keepAsText } from "../keep-as-text.js";
import type { CareDatabase } from "../open.js";
import type { CoreDatabase } from "../tables.js";
import { redactUrl } from "./redact-url.js";
import { sessionOptions } from "./session-options.js";

const DATE_OID = 1082;
const INT8_OID = 20;

export async function openServer(url: string): Promise<CareDatabase> {
  const pool = new pg.Pool({
    ...sessionOptions(url),
    max: 10,
    // A server that accepts no connection (restarting, unreachable) fails a request in seconds with
    // a 503, instead of holding it (and its caller) until the operating system gives up.
    connectionTimeoutMillis: 5_000,
    // Notices a silently dropped connection (a restarted router, a suspended VM) on an idle socket.
    keepAlive: true,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === DATE_OID || oid === INT8_OID ? keepAsText : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server drops (restart, pg_terminate_backend, crash) emits 'error' on its client,
  // in the pool or checked out between two queries of a transaction; unheard, Node would exit. The
  // query in flight fails on its own (its request answers 503) and the pool replaces the client.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  await pool.query("select 1").catch((error: Error & { code?: string }) => {
    void pool.end();
    // The code (ECONNREFUSED, 28P01 bad password, 3D000 no such database...) is what an operator searches for.
    const code = error.code ? ` (${error.code})` : "";
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${error.message || "no answer"}${code}`, { cause: error });
  });
  const db = new Kysely<CoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: "postgres",
    serverUrl: url,
    location: `PostgreSQL at ${redactUrl(url)}`,
    // Without parameters, pg sends the simple protocol, which accepts several statements.
    runScript: async (tx, script) => void (await sql.raw(script).execute(tx)),
    close: () => db.destroy(),
  };
}
