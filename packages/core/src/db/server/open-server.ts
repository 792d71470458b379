import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { keepAsText } from "../keep-as-text.js";
import type { CareDatabase } from "../open.js";
import type { CoreDatabase } from "../tables.js";
import { redactUrl } from "./redact-url.js";

const DATE_OID = 1082;
const INT8_OID = 20;

export async function openServer(url: string): Promise<CareDatabase> {
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
