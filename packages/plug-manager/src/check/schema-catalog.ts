import { sql, type RawBuilder, type Transaction } from "kysely";

/**
 * Everything a migration decides about one schema, read from the catalog: what `care check`
 * compares between install.sql and the upgrade chain. Data (rows, sequence positions) is not part
 * of it. Definitions come from PostgreSQL's own `pg_get_*` printers, read with the schema first on
 * the search path, so the plug's own names print unqualified and core's as `core.<table>`.
 */
export interface SchemaCatalog {
  tables: TableEntry[];
  columns: ColumnEntry[];
  constraints: ConstraintEntry[];
  indexes: IndexEntry[];
  triggers: TriggerEntry[];
  sequences: SequenceEntry[];
  views: ViewEntry[];
  functions: FunctionEntry[];
  types: TypeEntry[];
}

export interface TableEntry {
  name: string;
  /** r table, p partitioned table, f foreign table */
  kind: string;
  owner: string;
  unlogged: boolean;
  rowSecurity: boolean;
}

export interface ColumnEntry {
  table: string;
  name: string;
  /** 1-based among the table's live columns (dropped columns leave gaps in attnum). */
  position: number;
  type: string;
  notNull: boolean;
  /** The default, or for a generated column the expression it is generated from. */
  default: string | null;
  /** a: generated always as identity, d: by default, '' none */
  identity: string;
  /** s: stored generated column, '' none */
  generated: string;
  /** Only when it is not the type's default collation. */
  collation: string | null;
}

export interface ConstraintEntry {
  table: string;
  name: string;
  /** p primary key, u unique, f foreign key, c check, x exclusion, t constraint trigger */
  type: string;
  definition: string;
  /** Foreign keys: the referenced table as printed, e.g. `core.users` or `orders`. */
  target: string | null;
  /** Foreign keys: a no action, r restrict, c cascade, n set null, d set default. */
  onUpdate: string | null;
  onDelete: string | null;
}

export interface IndexEntry {
  name: string;
  table: string;
  /** `pg_get_indexdef` with the schema qualifier taken out. */
  definition: string;
}

export interface TriggerEntry {
  table: string;
  name: string;
  definition: string;
  /** O enabled, D disabled, R replica, A always */
  enabled: string;
}

export interface SequenceEntry {
  name: string;
  owner: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  /** `table.column` for a sequence owned by a column (serial, identity), else null. */
  ownedBy: string | null;
}

export interface ViewEntry {
  name: string;
  /** v view, m materialized view */
  kind: string;
  owner: string;
  definition: string;
}

export interface FunctionEntry {
  /** `name(argument types)`: what tells overloads apart. */
  signature: string;
  /** f function, p procedure, a aggregate, w window */
  kind: string;
  owner: string;
  result: string | null;
  language: string;
  /** i immutable, s stable, v volatile */
  volatility: string;
  strict: boolean;
  securityDefiner: boolean;
  config: string | null;
  body: string;
}

export interface TypeEntry {
  name: string;
  /** e enum, d domain, c composite, r range */
  kind: string;
  owner: string;
  definition: string;
}

/** Reads the catalog of `schema` within `tx` (which it leaves with that search path). */
export async function readSchemaCatalog(tx: Transaction<any>, schema: string): Promise<SchemaCatalog> {
  await sql`set local search_path to ${sql.id(schema)}, public`.execute(tx);
  const rows = async <Row>(query: RawBuilder<Row>) => (await query.execute(tx)).rows;

  const tables = await rows<TableEntry>(sql`
    select c.relname as name, c.relkind as kind, pg_get_userbyid(c.relowner) as owner,
      c.relpersistence = 'u' as "unlogged", c.relrowsecurity as "rowSecurity"
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relkind in ('r', 'p', 'f')
    order by c.relname`);

  const columns = await rows<ColumnEntry>(sql`
    select c.relname as "table", a.attname as name,
      row_number() over (partition by c.oid order by a.attnum)::int as position,
      format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as "notNull",
      pg_get_expr(d.adbin, d.adrelid) as default, a.attidentity::text as identity, a.attgenerated::text as generated,
      case when a.attcollation <> t.typcollation then co.collname end as collation
    from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_type t on t.oid = a.atttypid
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      left join pg_collation co on co.oid = a.attcollation
    where n.nspname = ${schema} and c.relkind in ('r', 'p', 'f') and a.attnum > 0 and not a.attisdropped
    order by c.relname, a.attnum`);

  // Not-null constraints (PostgreSQL 18 lists them here too) are the columns' nullability.
  const constraints = await rows<ConstraintEntry>(sql`
    select c.relname as "table", k.conname as name, k.contype::text as type, pg_get_constraintdef(k.oid, true) as definition,
      case when k.contype = 'f' then k.confrelid::regclass::text end as target,
      case when k.contype = 'f' then k.confupdtype::text end as "onUpdate",
      case when k.contype = 'f' then k.confdeltype::text end as "onDelete"
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and k.contype <> 'n'
    order by c.relname, k.conname`);

  // Indexes behind a primary key, unique or exclusion constraint are compared as that constraint.
  const indexes = await rows<IndexEntry>(sql`
    select i.relname as name, t.relname as "table", pg_get_indexdef(i.oid) as definition
    from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = i.relnamespace
    where n.nspname = ${schema}
      and not exists (
        select from pg_constraint k
        where k.conindid = x.indexrelid and k.conrelid = x.indrelid and k.contype in ('p', 'u', 'x')
      )
    order by i.relname`);

  const triggers = await rows<TriggerEntry>(sql`
    select c.relname as "table", g.tgname as name, pg_get_triggerdef(g.oid, true) as definition, g.tgenabled::text as enabled
    from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and not g.tgisinternal
    order by c.relname, g.tgname`);

  const sequences = await rows<SequenceEntry>(sql`
    select c.relname as name, pg_get_userbyid(c.relowner) as owner, format_type(s.seqtypid, null) as type,
      s.seqstart::text as start, s.seqincrement::text as increment, s.seqmin::text as min, s.seqmax::text as max,
      s.seqcache::text as cache, s.seqcycle as cycle,
      (select o.relname || '.' || a.attname
         from pg_depend d
           join pg_class o on o.oid = d.refobjid
           join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refclassid = 'pg_class'::regclass
           and d.deptype in ('a', 'i')
         limit 1) as "ownedBy"
    from pg_class c join pg_sequence s on s.seqrelid = c.oid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema}
    order by c.relname`);

  const views = await rows<ViewEntry>(sql`
    select c.relname as name, c.relkind as kind, pg_get_userbyid(c.relowner) as owner, pg_get_viewdef(c.oid, true) as definition
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relkind in ('v', 'm')
    order by c.relname`);

  const functions = await rows<FunctionEntry>(sql`
    select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as signature, p.prokind::text as kind,
      pg_get_userbyid(p.proowner) as owner, pg_get_function_result(p.oid) as result, l.lanname as language,
      p.provolatile::text as volatility, p.proisstrict as strict, p.prosecdef as "securityDefiner",
      array_to_string(p.proconfig, ', ') as config,
      case when p.prosqlbody is null then p.prosrc else pg_get_function_sqlbody(p.oid) end as body
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
    where n.nspname = ${schema}
      -- Not the constructors PostgreSQL makes for a range type, nor an extension's functions.
      and not exists (select from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype in ('i', 'e'))
    order by 1`);

  // Enums, domains, ranges and stand-alone composite types; not the row types of tables and views.
  const types = await rows<TypeEntry>(sql`
    select t.typname as name, t.typtype::text as kind, pg_get_userbyid(t.typowner) as owner,
      case t.typtype
        when 'e' then (select coalesce(string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder), '')
                       from pg_enum e where e.enumtypid = t.oid)
        when 'd' then format_type(t.typbasetype, t.typtypmod)
          || case when t.typnotnull then ' NOT NULL' else '' end
          || coalesce(' DEFAULT ' || t.typdefault, '')
          || coalesce((select ' ' || string_agg(pg_get_constraintdef(k.oid, true), ' ' order by k.conname)
                       from pg_constraint k where k.contypid = t.oid and k.contype <> 'n'), '')
        when 'c' then (select coalesce(string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' order by a.attnum), '')
                       from pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped)
        when 'r' then (select format_type(r.rngsubtype, null) from pg_range r where r.rngtypid = t.oid)
      end as definition
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where n.nspname = ${schema}
      and (t.typtype in ('e', 'd', 'r') or (t.typtype = 'c' and (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c'))
    order by t.typname`);

  const unqualify = (text: string) => removeSchemaQualifier(text, schema);
  return {
    tables,
    columns,
    constraints: constraints.map((entry) => ({
      ...entry,
      definition: unqualify(entry.definition),
      target: entry.target && unqualify(entry.target),
    })),
    indexes: indexes.map((entry) => ({ ...entry, definition: unqualify(entry.definition) })),
    triggers: triggers.map((entry) => ({ ...entry, definition: unqualify(entry.definition) })),
    sequences,
    views: views.map((entry) => ({ ...entry, definition: unqualify(entry.definition) })),
    functions,
    types,
  };
}

/** `ON plug_lab.orders` → `ON orders`: the schema is the same on both sides and only clutters. */
function removeSchemaQualifier(text: string, schema: string): string {
  return text.replace(new RegExp(`(?<![\\w".])(?:"${schema}"|${schema})\\.`, "g"), "");
}
