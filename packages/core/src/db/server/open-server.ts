import { Kysely, sql } from "kysely";
import type { CareDatabase } from "../open.js";
import type { CoreDatabase } from "../tables.js";
import { ServerDialect } from "./lazy-begin-driver.js";
import { redactUrl } from "./redact-url.js";
import { createServerPool } from "./server-pool.js";
import { sessionOptions } from "./session-options.js";

export async function openServer(url: string): Promise<CareDatabase> {
  const pool = createServerPool({ ...sessionOptions(url), max: 10 });
  await pool.query("select 1").catch((error: Error & { code?: string }) => {
    void pool.end();
    // The code (ECONNREFUSED, 28P01 bad password, 3D000 no such database...) is what an operator searches for.
    const code = error.code ? ` (${error.code})` : "";
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${error.message || "no answer"}${code}`, { cause: error });
  });
  const db = new Kysely<CoreDatabase>({ dialect: new ServerDialect(pool) });
  return {
    db,
    engine: "postgres",
    serverUrl: url,
    pool,
    location: `PostgreSQL at ${redactUrl(url)}`,
    // Without parameters, pg sends the simple protocol, which accepts several statements.
    runScript: async (tx, script) => void (await sql.raw(script).execute(tx)),
    close: () => db.destroy(),
  };
}
