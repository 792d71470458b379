/**
 * A column's TypeScript types: what a select returns and what an insert or update takes. They follow
 * what both database drivers return (core/db keeps dates and bigints as text on both, numeric is text
 * on both), so the same plug code runs on PGlite and on a PostgreSQL server.
 */
export interface ValueTypes {
  select: string;
  write: string;
}

const text: ValueTypes = { select: "string", write: "string" };
const number: ValueTypes = { select: "number", write: "number" };
/** Written from a Date or ISO text, read back as a Date. */
const timestamp: ValueTypes = { select: "Date", write: "Date | string" };
/** `YYYY-MM-DD` text on both drivers (a Date would shift with the time zone); a Date is accepted on write. */
const date: ValueTypes = { select: "string", write: "Date | string" };
/** Exact decimals and 64-bit integers come back as text, so that no digit is lost. */
const numeric: ValueTypes = { select: "string", write: "string | number" };
const bigint: ValueTypes = { select: "string", write: "string | number | bigint" };
/** Read as a JSON value; written as JSON text (JSON.stringify), which both drivers pass on unchanged. */
export const jsonTypeName = "Json";
const json: ValueTypes = { select: jsonTypeName, write: "string" };

/** By the base name `format_type` prints (without length, precision or array brackets). */
const builtIn: Record<string, ValueTypes> = {
  uuid: text,
  text,
  "character varying": text,
  character: text,
  '"char"': text,
  name: text,
  citext: text,
  inet: text,
  cidr: text,
  macaddr: text,
  macaddr8: text,
  money: text,
  xml: text,
  tsvector: text,
  tsquery: text,
  bit: text,
  "bit varying": text,
  "time without time zone": text,
  "time with time zone": text,
  smallint: number,
  integer: number,
  real: number,
  "double precision": number,
  oid: number,
  bigint,
  numeric,
  boolean: { select: "boolean", write: "boolean" },
  date,
  "timestamp without time zone": timestamp,
  "timestamp with time zone": timestamp,
  json,
  jsonb: json,
  bytea: { select: "Uint8Array", write: "Uint8Array" },
  // node-postgres parses an interval into an object, PGlite returns its text: nothing one type says.
  interval: { select: "unknown", write: "string" },
};

/** Types of the plug's own schema a column may use, by the name `format_type` prints. */
export interface SchemaTypes {
  /** Enum labels, in order. */
  enums: Map<string, string[]>;
  /** A domain's base type as `format_type` prints it, and the labels its CHECK allows, if it is such a list. */
  domains: Map<string, { base: string; labels: string[] | undefined }>;
}

/** What a column of `type` (as `format_type` prints it) holds; `labels` when only those strings are allowed. */
export interface ColumnValue {
  types: ValueTypes;
  /** The only strings the column may hold (an enum, or a CHECK that lists them), in the order declared. */
  labels?: string[];
  /** The enum or domain that gave the labels: the name of the type the file declares for them. */
  typeName?: string;
  array: boolean;
}

/** Maps a column type to TypeScript; `unknown` for what it does not know (an extension's or core's type). */
export function columnValue(type: string, schemaTypes: SchemaTypes): ColumnValue {
  const array = type.endsWith("[]");
  const element = array ? type.replace(/(\[\])+$/, "") : type;
  const base = element.replace(/\(\d+(,\d+)?\)/, "");
  const known = builtIn[base];
  if (known) return { types: known, array };
  const labels = schemaTypes.enums.get(element);
  if (labels) return { types: text, labels, typeName: element, array };
  const domain = schemaTypes.domains.get(element);
  if (domain) {
    const inner = columnValue(domain.base, schemaTypes);
    const fromCheck = domain.labels && inner.types === text ? { labels: domain.labels, typeName: element } : {};
    return { ...inner, ...fromCheck, array: array || inner.array };
  }
  return { types: { select: "unknown", write: "unknown" }, array };
}

/** Whether the value is text, so that a CHECK listing strings narrows it to those strings. */
export const isText = (value: ColumnValue) => value.types === text && !value.array;
