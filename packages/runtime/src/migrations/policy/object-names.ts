import { isNode, strings, unwrap } from "./parse-tree.js";

/** The name a statement creates, changes or writes, as written: `schema` only when it was qualified. */
export interface ObjectName {
  schema?: string | undefined;
  name: string;
  /** Byte offset of the name in the text parsed, when the parser gave one. */
  location?: number | undefined;
}

/** A table, view, sequence or composite type's name (a RangeVar, inlined or not). */
export function relationName(value: unknown): ObjectName[] {
  const relation = unwrap(value, "RangeVar");
  if (typeof relation?.relname !== "string") return [];
  return [{ schema: relation.schemaname as string | undefined, name: relation.relname, location: relation.location as number | undefined }];
}

/**
 * The name of an object of `objectType` (OBJECT_TABLE, OBJECT_FUNCTION...) as DROP, COMMENT and
 * RENAME give it: a list of names, a TypeName or an ObjectWithArgs. A column, trigger or
 * constraint is named after its table, which is the part whose schema counts.
 */
export function objectName(objectType: unknown, value: unknown): ObjectName[] {
  if (!isNode(value)) return [];
  const path =
    "TypeName" in value || "names" in value
      ? strings(unwrap(value, "TypeName")?.names)
      : "ObjectWithArgs" in value || "objname" in value
        ? strings(unwrap(value, "ObjectWithArgs")?.objname)
        : strings(value);
  const owned = partOfTable.has(String(objectType)) ? path.slice(0, -1) : path;
  return qualifiedName(owned);
}

/** `[schema, name]` or `[name]` (a list of String nodes, as CREATE FUNCTION and CREATE TYPE give names). */
export function listName(value: unknown): ObjectName[] {
  return qualifiedName(strings(value));
}

function qualifiedName(path: string[]): ObjectName[] {
  if (path.length === 0) return [];
  return [{ schema: path.length > 1 ? path[path.length - 2] : undefined, name: path[path.length - 1]! }];
}

const partOfTable = new Set(["OBJECT_COLUMN", "OBJECT_TRIGGER", "OBJECT_TABCONSTRAINT", "OBJECT_POLICY", "OBJECT_RULE"]);

/** `OBJECT_MATVIEW` → `MATERIALIZED VIEW`, as the SQL says it. */
export function objectWord(objectType: unknown): string {
  const word = String(objectType).replace(/^OBJECT_/, "");
  return (
    (
      { MATVIEW: "MATERIALIZED VIEW", TABCONSTRAINT: "CONSTRAINT", DOMCONSTRAINT: "CONSTRAINT", FOREIGN_TABLE: "FOREIGN TABLE" } as Record<
        string,
        string
      >
    )[word] ?? word.replace(/_/g, " ")
  );
}
