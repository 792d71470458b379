import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from "kysely";
import { PlugDriver, type PlugSqlTarget } from "./plug-driver.js";

/** A plug's `context.db`: Kysely on its own schema, every statement run as its role (plug-driver.ts). */
export function plugDatabase(target: PlugSqlTarget): Kysely<any> {
  return new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new PlugDriver(target),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }).withSchema(target.schema);
}
