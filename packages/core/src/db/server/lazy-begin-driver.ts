import pg from "pg";
import {
  type CompiledQuery,
  PostgresDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

/** Kysely's PostgreSQL dialect for the app's pool, with the driver below. */
export class ServerDialect extends PostgresDialect {
  constructor(private readonly pool: pg.Pool) {
    super({ pool });
  }

  override createDriver(): Driver {
    return new LazyBeginDriver(this.pool);
  }
}

/**
 * Kysely's PostgreSQL driver but for one thing: a transaction's BEGIN is sent with its first
 * statement. When that statement has no parameters, node-postgres sends it by the simple protocol,
 * which takes several statements in one message, so BEGIN costs no round trip of its own. A plug's
 * write opens with such a statement, its role switch (runtime: role-on-connection.ts), and so costs
 * the round trips of the core's own. A transaction that sends no statement sends no BEGIN or COMMIT.
 */
export class LazyBeginDriver implements Driver {
  constructor(private readonly pool: pg.Pool) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new LazyBeginConnection(await this.pool.connect());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    (connection as LazyBeginConnection).begin(beginStatement(settings));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as LazyBeginConnection).end("commit");
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as LazyBeginConnection).end("rollback");
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as LazyBeginConnection).release();
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

const counted = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);

class LazyBeginConnection implements DatabaseConnection {
  /** The open transaction's BEGIN, until its first statement takes it along. */
  private unsentBegin: string | undefined;
  /** The server has a transaction open here, which COMMIT or ROLLBACK must end. */
  private open = false;

  constructor(private readonly client: pg.PoolClient) {}

  begin(statement: string): void {
    this.unsentBegin = statement;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const begin = this.unsentBegin;
    this.unsentBegin = undefined;
    if (begin === undefined) return this.send(query.sql, query.parameters);
    if (query.parameters.length > 0) {
      // The extended protocol takes one statement a message: BEGIN goes alone, as Kysely's driver sends it.
      await this.send(begin, []);
      this.open = true;
      return this.send(query.sql, query.parameters);
    }
    const prefix = `${begin};\n`;
    try {
      const result = await this.send<R>(prefix + query.sql, []);
      this.open = true;
      return result;
    } catch (error) {
      // The server answers only after running BEGIN, so an error of its own leaves the transaction
      // open (and failed); a lost connection left nothing to end.
      this.open = error instanceof pg.DatabaseError;
      throw unprefixed(error, prefix.length);
    }
  }

  // biome-ignore lint/correctness/useYield: Kysely's driver interface asks for a generator; this one refuses before yielding.
  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error("the app's database streams no query: page through the rows instead");
  }

  /** COMMIT or ROLLBACK, when a statement of the transaction reached the server. */
  async end(statement: "commit" | "rollback"): Promise<void> {
    const open = this.open;
    this.unsentBegin = undefined;
    this.open = false;
    if (open) await this.send(statement, []);
  }

  release(): void {
    this.client.release();
  }

  private async send<R>(sql: string, parameters: readonly unknown[]): Promise<QueryResult<R>> {
    const answer: pg.QueryResult | pg.QueryResult[] = await this.client.query(sql, [...parameters]);
    // Several statements in one message answer once each: the last one is the caller's.
    const { command, rowCount, rows } = Array.isArray(answer) ? answer[answer.length - 1]! : answer;
    return { numAffectedRows: counted.has(command) ? BigInt(rowCount ?? 0) : undefined, rows: (rows ?? []) as R[] };
  }
}

/** What Kysely's own driver sends for these settings (Kysely has checked both against its keywords). */
function beginStatement({ isolationLevel, accessMode }: TransactionSettings): string {
  if (!isolationLevel && !accessMode) return "begin";
  return ["start transaction", isolationLevel && `isolation level ${isolationLevel}`, accessMode].filter(Boolean).join(" ");
}

/** An error's position counts from the caller's statement, not from the BEGIN put before it. */
function unprefixed(error: unknown, length: number): unknown {
  const failure = error as { position?: string };
  const position = Number(failure?.position);
  if (position > length) failure.position = String(position - length);
  return error;
}
