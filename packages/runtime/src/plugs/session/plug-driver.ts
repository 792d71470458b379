import type { CompiledQuery, DatabaseConnection, Driver, Kysely, QueryResult } from "kysely";
import { coreTableRefusalHint, refusedTableOf } from "../../migrations/core-grants.js";
import { PlugSqlRefused } from "./plug-sql-refused.js";
import { roleOn } from "./role-on-connection.js";
import { refusedPlugStatement } from "./statement-check.js";

/** Where a plug's statements can run, and as whom. */
export interface PlugSqlTarget {
  plugId: string;
  role: string;
  schema: string;
  /** The core's transaction open in this async context (a write, an in-transaction handler), if any. */
  currentWrite(): Kysely<any> | undefined;
  /** The app's own database: a plug's statement there runs in a transaction of its own, as its role. */
  app: Kysely<any>;
  /** On a PostgreSQL server, a database logged in as the plug's role: no statement can leave it. */
  own?: Kysely<any> | undefined;
}

/**
 * The Kysely driver behind a plug's `context.db`. Each statement passes the statement check
 * (statement-check.ts), then runs either on the plug's own login (a server, outside the core's
 * transactions) or on the app's connection under the plug's role — inside the core's transaction when
 * one is open, else in a one-statement transaction, so the role can never outlast it.
 */
export class PlugDriver implements Driver {
  constructor(private readonly target: PlugSqlTarget) {}

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new PlugConnection(this.target);
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PlugConnection).begin();
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

class PlugConnection implements DatabaseConnection {
  constructor(private readonly target: PlugSqlTarget) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { target } = this;
    // Checked on the plug's own login too: the database would contain it there, but a plug then
    // behaves the same on PGlite, inside the core's writes and on a server.
    const refused = refusedPlugStatement(query.sql);
    if (refused) return Promise.reject(new PlugSqlRefused(target.plugId, refused, query.sql));
    const write = target.currentWrite();
    const running = write
      ? roleOn(write).runAs<R>(target.role, target.schema, query)
      : target.own
        ? target.own.executeQuery<R>(query)
        : target.app.transaction().execute((tx) => roleOn(tx).runAs<R>(target.role, target.schema, query));
    return running.catch((error: unknown) => {
      throw namePlug(error, target.plugId);
    });
  }

  // biome-ignore lint/correctness/useYield: Kysely's connection interface asks for a generator; plugs may not stream.
  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error(`plug ${this.target.plugId}: streaming queries are not supported; page through the rows instead`);
  }

  /**
   * A transaction of the plug's own could not include the core calls and signals that belong with its
   * writes, and on PGlite's one session a core call inside it would wait for it forever.
   */
  begin(): Promise<void> {
    return Promise.reject(
      new Error(
        `plug ${this.target.plugId} called db.transaction(); ` +
          "use context.transaction(work), which also holds the core calls and signals of the work",
      ),
    );
  }
}

const namedErrors = new WeakSet<Error>();

/**
 * The database's refusal (permission denied, say) names the plug that sent the statement, for the
 * operator reading the log; its code and class stay, so a lost connection is still told apart.
 */
function namePlug(error: unknown, plugId: string): unknown {
  // Named once, known by identity (not by reading the message): an error can pass through here twice.
  if (!(error instanceof Error) || namedErrors.has(error)) return error;
  namedErrors.add(error);
  const table = (error as { code?: string }).code === "42501" ? refusedTableOf(error.message) : undefined;
  const hint = table && coreTableRefusalHint(table);
  error.message = `plug ${plugId}: ${error.message}${hint ? `; ${hint}` : ""}`;
  return error;
}
