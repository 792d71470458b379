import { openDatabase } from "@care/core";
import { sql } from "kysely";
import { query } from "./postgres.js";

/** Where a stopped deployment's data is: a PGlite folder or a PostgreSQL database. */
export type Store = { kind: "pglite"; dir: string } | { kind: "postgres"; url: string };

/**
 * Everything an upgrade could change, as JSON text per part: the plugs' schemas (tables, columns,
 * indexes, constraints) and rows, the registry of installed versions and steps, core migrations and
 * core rows. Two equal snapshots mean nothing changed.
 */
export async function snapshot(store: Store, schemas: string[]): Promise<Record<string, string>> {
  return withStore(store, async (run) => {
    const list = schemas.map((schema) => `'${schema}'`).join(", ");
    const queries: Record<string, string> = {
      schemas: `select nspname from pg_namespace where nspname in (${list}) order by 1`,
      relations: `select n.nspname, c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname in (${list}) order by 1, 2`,
      columns: `select table_schema, table_name, column_name, data_type, is_nullable, column_default
                  from information_schema.columns where table_schema in (${list}) order by 1, 2, 3`,
      indexes: `select schemaname, tablename, indexname, indexdef from pg_indexes where schemaname in (${list}) order by 1, 2, 3`,
      constraints: `select n.nspname, c.conname, pg_get_constraintdef(c.oid) as definition
                      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
                     where n.nspname in (${list}) order by 1, 2`,
      plugs: `select to_jsonb(p) as row from care_system.plugs p order by id`,
      steps: `select to_jsonb(s) as row from care_system.plug_steps s order by id`,
      coreMigrations: `select name from care_system.core_migrations order by name`,
      patients:
        `select count(*)::int as count, md5(coalesce(string_agg(id::text || name, ',' order by id), '')) as digest from ` + `core.patients`,
    };
    const tables = await run(
      `select table_schema, table_name from information_schema.tables where table_schema in (${list}) and table_type = 'BASE TABLE' ` +
        `order by 1, 2`,
    );
    for (const { table_schema: schema, table_name: table } of tables as Array<{ table_schema: string; table_name: string }>) {
      queries[`rows of ${schema}.${table}`] = `select to_jsonb(t)::text as row from "${schema}"."${table}" t order by 1`;
    }
    const result: Record<string, string> = {};
    for (const [name, text] of Object.entries(queries)) result[name] = JSON.stringify(await run(text));
    return result;
  });
}

/** The parts that differ between two snapshots. */
export function differences(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]);
}

type Run = (text: string) => Promise<unknown[]>;

/** Runs queries on the store; a PGlite folder is opened once, in this process, while no deployment runs. */
async function withStore<T>(store: Store, work: (run: Run) => Promise<T>): Promise<T> {
  if (store.kind === "postgres") return work((text) => query(store.url, text));
  const database = await openDatabase({ dataDir: store.dir });
  try {
    return await work(async (text) => (await sql.raw(text).execute(database.db)).rows);
  } finally {
    await database.close();
  }
}
