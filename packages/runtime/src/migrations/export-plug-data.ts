import { sql, type Kysely, type RawBuilder } from "kysely";
import { plugSchema } from "./plug-role.js";

/** Format name and version of the document `care plug purge` writes; docs/operations/remove-and-purge.md describes it. */
export const plugExportFormat = { format: "care-plug-export", formatVersion: 1 } as const;

export interface ExportedColumn {
  name: string;
  /** As PostgreSQL names it, e.g. `numeric(10,2)`, `timestamp with time zone`. */
  type: string;
  default: string | null;
  nullable: boolean;
  /** Its values are JSON in the rows; every other column's values are PostgreSQL's text for them. */
  json: boolean;
}

/** One table's shape and rows; `rows` hold each row as JSON text, written into the document as is. */
export interface ExportedTable {
  schema: string;
  name: string;
  columns: ExportedColumn[];
  constraints: Array<{ name: string; definition: string }>;
  indexes: Array<{ name: string; definition: string }>;
  rowCount: number;
  rows: string[];
}

/** Everything of one plug that a purge deletes, read inside the purge's transaction. */
export interface PlugExport {
  plug: string;
  deployment: string;
  exportedAt: string;
  database: string;
  role: string | null;
  schema: {
    name: string;
    exists: boolean;
    sequences: Array<{ name: string; lastValue: string; isCalled: boolean }>;
    views: Array<{ name: string; kind: "view" | "materialized view"; definition: string }>;
    functions: Array<{ name: string; definition: string }>;
    enums: Array<{ name: string; labels: string[] }>;
    tables: ExportedTable[];
  };
  /** care_system.plugs, plug_steps, the plug's outbox rows and their delivery_actions, in the same form as the plug's tables. */
  system: ExportedTable[];
}

/**
 * Reads the plug's schema (definitions and every row) and its system rows. Values keep their exact
 * text: numeric digits, timestamps with their offset, quotes and newlines inside JSON strings.
 */
export async function readPlugExport(
  db: Kysely<any>,
  id: string,
  about: { deployment: string; database: string; role: string | null },
): Promise<PlugExport> {
  const schema = plugSchema(id);
  const relations = await sql<{
    oid: string;
    name: string;
    kind: string;
  }>`select c.oid::text as oid, c.relname as name, c.relkind::text as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relkind in ('r', 'p', 'S', 'v', 'm') order by c.relname`.execute(db);
  const tables: ExportedTable[] = [];
  for (const relation of relations.rows.filter((row) => row.kind === "r" || row.kind === "p")) {
    tables.push(await readTable(db, schema, relation.name, relation.oid, sql`true`));
  }
  const sequences = [];
  for (const relation of relations.rows.filter((row) => row.kind === "S")) {
    const { rows } = await sql<{
      last_value: string;
      is_called: boolean;
    }>`select last_value::text as last_value, is_called from ${sql.id(schema, relation.name)}`.execute(db);
    sequences.push({ name: relation.name, lastValue: rows[0]!.last_value, isCalled: rows[0]!.is_called });
  }
  const views = [];
  for (const relation of relations.rows.filter((row) => row.kind === "v" || row.kind === "m")) {
    const { rows } = await sql<{ definition: string }>`select pg_catalog.pg_get_viewdef(${relation.oid}::oid) as definition`.execute(db);
    views.push({
      name: relation.name,
      kind: relation.kind === "m" ? ("materialized view" as const) : ("view" as const),
      definition: rows[0]!.definition,
    });
  }
  const { rows: functions } = await sql<{
    name: string;
    definition: string;
  }>`select p.proname as name, pg_catalog.pg_get_functiondef(p.oid) as definition
      from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      where n.nspname = ${schema} and p.prokind in ('f', 'p') order by p.proname, p.oid`.execute(db);
  const { rows: enums } = await sql<{
    name: string;
    labels: string[];
  }>`select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
      from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace join pg_catalog.pg_enum e on e.enumtypid = t.oid
      where n.nspname = ${schema} group by t.typname order by t.typname`.execute(db);
  const { rows: exists } = await sql<{
    exists: boolean;
  }>`select exists (select from pg_catalog.pg_namespace where nspname = ${schema}) as exists`.execute(db);

  const system = [];
  for (const [name, where] of plugSystemRows(id)) system.push(await readSystemTable(db, name, where));
  return {
    plug: id,
    ...about,
    exportedAt: new Date().toISOString(),
    schema: {
      name: schema,
      exists: exists[0]!.exists,
      sequences,
      views,
      functions,
      enums: enums.map((row) => ({ name: row.name, labels: [...row.labels] })),
      tables,
    },
    system,
  };
}

/** The plug's rows in care_system tables, by table: its registry rows, its deliveries and their journal. */
export function plugSystemRows(id: string): Array<[string, RawBuilder<unknown>]> {
  const outbox = sql`subscriber = ${id}`;
  return [
    ["plugs", sql`id = ${id}`],
    ["plug_steps", sql`plug_id = ${id}`],
    ["outbox", outbox],
    ["delivery_actions", sql`delivery_id in (select id from care_system.outbox where ${outbox})`],
  ];
}

async function readSystemTable(db: Kysely<any>, name: string, where: RawBuilder<unknown>): Promise<ExportedTable> {
  const { rows } = await sql<{ oid: string }>`select ${`care_system.${name}`}::regclass::oid::text as oid`.execute(db);
  return readTable(db, "care_system", name, rows[0]!.oid, where);
}

/** A table's columns, constraints, indexes, and the rows `where` selects, in physical order. */
async function readTable(db: Kysely<any>, schema: string, name: string, oid: string, where: RawBuilder<unknown>): Promise<ExportedTable> {
  const { rows: columns } = await sql<{ name: string; type: string; default: string | null; not_null: boolean; json: boolean }>`
      select a.attname as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
        pg_catalog.pg_get_expr(d.adbin, d.adrelid) as default, a.attnotnull as not_null,
        a.atttypid in ('pg_catalog.json'::regtype, 'pg_catalog.jsonb'::regtype) as json
      from pg_catalog.pg_attribute a left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attrelid = ${oid}::oid and a.attnum > 0 and not a.attisdropped order by a.attnum`.execute(db);
  const { rows: constraints } = await sql<{
    name: string;
    definition: string;
  }>`select conname as name, pg_catalog.pg_get_constraintdef(oid) as definition
      from pg_catalog.pg_constraint where conrelid = ${oid}::oid order by conname`.execute(db);
  const { rows: indexes } = await sql<{
    name: string;
    definition: string;
  }>`select c.relname as name, pg_catalog.pg_get_indexdef(i.indexrelid) as definition
      from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indexrelid
     where i.indrelid = ${oid}::oid order by c.relname`.execute(db);
  // JSON columns as JSON; every other value as PostgreSQL's own text for it (exact, and what
  // json_populate_recordset turns back into the value).
  const selected = columns.length
    ? sql.join(
        columns.map((column) =>
          column.json
            ? sql`${sql.ref(column.name)} as ${sql.ref(column.name)}`
            : sql`${sql.ref(column.name)}::text as ${sql.ref(column.name)}`,
        ),
      )
    : sql`null`;
  const { rows } = await sql<{ row: string }>`select pg_catalog.row_to_json(r)::text as row
      from (select ${selected} from only ${sql.id(schema, name)} where ${where} order by ctid) r`.execute(db);
  return {
    schema,
    name,
    columns: columns.map((column) => ({
      name: column.name,
      type: column.type,
      default: column.default,
      nullable: !column.not_null,
      json: column.json,
    })),
    constraints,
    indexes,
    rowCount: rows.length,
    rows: rows.map((row) => row.row),
  };
}

/** The export as one JSON document, one row a line; rows go in as PostgreSQL wrote them, never re-encoded. */
export function plugExportDocument(data: PlugExport): string {
  const table = (entry: ExportedTable) => {
    const { rows, ...head } = entry;
    const opening = JSON.stringify(head).slice(0, -1);
    return rows.length ? `${opening},"rows":[\n${rows.join(",\n")}\n]}` : `${opening},"rows":[]}`;
  };
  const { schema, system, ...head } = data;
  const { tables, ...schemaHead } = schema;
  return (
    `${JSON.stringify({ ...plugExportFormat, ...head }).slice(0, -1)},\n` +
    `"schema":${JSON.stringify(schemaHead).slice(0, -1)},"tables":[\n${tables.map(table).join(",\n")}\n]},\n` +
    `"system":[\n${system.map(table).join(",\n")}\n]}\n`
  );
}
