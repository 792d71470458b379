import { join } from "node:path";
// Types only: the core (PGlite) and the runtime's migration code load when a plug's tables are built,
// not on `care check`'s path, whose warm runs find every plug's tables in the cache.
import type { CareDatabase } from "@care/core";
import { sql, type Transaction } from "kysely";
import { CareCliError } from "../cli-error.js";
import { readSchemaCatalog, type SchemaCatalog } from "../check/schema-catalog.js";
import { block, installFile, type PlugTablesInput } from "./plug-tables-input.js";
import { fromHere } from "./shown-path.js";

/** A comment (COMMENT ON TABLE / COLUMN) of the plug's schema; `column` is null for the table's own. */
export interface CommentEntry {
  table: string;
  column: string | null;
  text: string;
}

/** The plug's schema as install.sql builds it: the catalog `care check` compares, and the comments. */
export interface BuiltSchema {
  catalog: SchemaCatalog;
  comments: CommentEntry[];
}

/**
 * PGlite in memory with the core schema, opened at the first plug that needs it (starting it takes
 * seconds) and shared by the plugs of one command. Never the deployment's database: this is a build step.
 */
export interface ScratchDatabase {
  get(): Promise<CareDatabase>;
  close(): Promise<void>;
}

export function openScratchDatabase(): ScratchDatabase {
  let opening: Promise<CareDatabase> | undefined;
  const open = async () => {
    const { migrateCore, openDatabase } = await import("@care/core");
    const database = await openDatabase({});
    try {
      await migrateCore(database.db);
    } catch (error) {
      await database.close();
      throw error;
    }
    return database;
  };
  return {
    get: () => (opening ??= open()),
    close: async () => {
      const database = await opening?.catch(() => undefined);
      await database?.close();
    },
  };
}

/**
 * Runs install.sql the way the runtime installs the plug (its role, schema plug_<id>, the migration
 * policy, through the runtime's runPlugStep), reads the schema's catalog, then rolls it all back.
 */
export async function buildInstallSchema(database: CareDatabase, input: PlugTablesInput): Promise<BuiltSchema> {
  const { enterPlugRole, plugSchema } = await import("@care/runtime/tooling");
  const { id, coreReads } = block(input);
  const schema = plugSchema(id);
  let built: BuiltSchema | undefined;
  await database.db
    .transaction()
    .execute(async (tx) => {
      await enterPlugRole(tx, id, coreReads);
      if (input.installSql !== undefined) await runInstall(tx, database, id, input);
      await sql`reset role`.execute(tx);
      built = { catalog: await readSchemaCatalog(tx, schema), comments: await readComments(tx, schema) };
      throw rollBack;
    })
    .catch((error: unknown) => {
      if (error !== rollBack) throw error;
    });
  return built!;
}

/** Thrown to end the transaction with a rollback once the catalog is read. */
const rollBack = new Error("rolled back on purpose");

async function runInstall(tx: Transaction<any>, database: CareDatabase, id: string, input: PlugTablesInput): Promise<void> {
  const { runPlugStep, StepFailure } = await import("@care/runtime/tooling");
  try {
    await runPlugStep(tx, database, id, { name: "install.sql", sql: input.installSql });
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    const where = error.refused
      ? error.message
      : `install.sql failed${error.line === undefined ? "" : ` at line ${error.line}`}: ${error.message}`;
    throw new CareCliError(`plug ${id}: the table types cannot be generated, ${where}`, {
      code: "plug_tables_install_failed",
      hint: `fix ${join(fromHere(input.plugDir), installFile)}: the runtime would refuse it the same way when installing the plug`,
    });
  }
}

async function readComments(tx: Transaction<any>, schema: string): Promise<CommentEntry[]> {
  const { rows } = await sql<CommentEntry>`
    select c.relname as "table", a.attname as "column", d.description as text
    from pg_description d
      join pg_class c on d.classoid = 'pg_class'::regclass and c.oid = d.objoid
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid and d.objsubid > 0
    where n.nspname = ${schema} and c.relkind in ('r', 'p', 'f') and (d.objsubid = 0 or a.attname is not null)
    order by c.relname, d.objsubid`.execute(tx);
  return rows;
}
