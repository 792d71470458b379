import pg from "pg";
import { keepAsText } from "../keep-as-text.js";

const DATE_OID = 1082;
const INT8_OID = 20;

/** Where a pool connects and how large it grows; the rest is the same for every pool on the server. */
export interface ServerPoolOptions {
  connectionString: string;
  /** Startup settings (`-c search_path=…`). */
  options: string;
  max: number;
  idleTimeoutMillis?: number;
}

/**
 * A pool on the deployment's PostgreSQL server: the app's own, and each plug's login (the runtime's),
 * so both read values alike (dates and bigints as text, as on PGlite) and survive a dropped connection.
 */
export function createServerPool(settings: ServerPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    ...settings,
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
  return pool;
}
