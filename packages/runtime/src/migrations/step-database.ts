import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from "kysely";
import { checkSqlText } from "./policy/check-statement.js";
import { fragmentText } from "./policy/sql-text.js";
import { plugSchema } from "./plug-role.js";

/** A statement of a TypeScript step that the migration policy refuses; nothing of it ran. */
export class StepCodeRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * What a TypeScript upgrade step gets as its database: the migration's transaction, already acting as
 * the plug's role, with every statement held to the migration policy before it runs, as the step's SQL
 * file is. So a step cannot leave the role or change a setting, whatever SQL it builds at run time.
 * The policy's parser must be loaded (the step's SQL check loads it).
 */
export function stepDatabase(tx: Kysely<any>, plugId: string): Kysely<any> {
  const schema = plugSchema(plugId);
  const connection: DatabaseConnection = {
    executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const refusal = checkSqlText(fragmentText(query.sql, 1), schema);
      if (refusal) return Promise.reject(new StepCodeRefusal(`${refusal.reason}. The statement: ${query.sql.slice(0, 200)}`));
      return tx.executeQuery<R>(query);
    },
    // biome-ignore lint/correctness/useYield: Kysely's connection interface asks for a generator; steps may not stream.
    async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
      throw new Error("a TypeScript upgrade step cannot stream a query; page through the rows instead");
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    // The step already runs in the deployment's one transaction.
    beginTransaction: async () => {
      throw new StepCodeRefusal(
        "a TypeScript step opened a transaction; it already runs in the deployment's migration transaction, so use its db directly",
      );
    },
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  return new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }).withSchema(schema);
}
