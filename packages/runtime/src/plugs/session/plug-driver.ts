import type { CompiledQuery, DatabaseConnection, Driver, Kysely, QueryResult } from "kysely";
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
 * The Kysely driver behind a plug's `context.db`. Each statement runs either on the plug's own login
 * (a server, outside the core's transactions) or on the app's connection under the plug's role, after
 * the statement check (statement-check.ts) — inside the core's transaction when one is open, else in a
 * one-statement transaction, so the role can never outlast it.
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
    const write = target.currentWrite();
    if (write) return this.runAsPlug(write, query);
    if (target.own) return target.own.executeQuery<R>(query);
    return target.app.transaction().execute((tx) => this.runAsPlug<R>(tx, query));
  }

  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error(`plug ${this.target.plugId}: streaming queries are not supported; page through the rows instead`);
  }

  /**
   * A transaction of the plug's own could not include the core calls and signals that belong with its
   * writes, and on PGlite's one session a core call inside it would wait for it forever.
   */
  begin(): Promise<void> {
    return Promise.reject(
      new Error(`plug ${this.target.plugId} called db.transaction(); use context.transaction(work), which also holds the core calls and signals of the work`),
    );
  }

  private runAsPlug<R>(tx: Kysely<any>, query: CompiledQuery): Promise<QueryResult<R>> {
    const { plugId, role, schema } = this.target;
    const refused = refusedPlugStatement(query.sql);
    if (refused) return Promise.reject(new PlugSqlRefused(plugId, refused, query.sql));
    return roleOn(tx).runAs<R>(role, schema, query);
  }
}
