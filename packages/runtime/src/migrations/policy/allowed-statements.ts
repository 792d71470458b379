import { listName, objectName, objectWord, relationName, type ObjectName } from "./object-names.js";
import type { TreeNode } from "./parse-tree.js";
import type { Objection } from "./refusal.js";
import { checkDoBlock, checkRoutine, checkRoutineChange } from "./routine-checks.js";
import type { StatementCheck, StatementContext } from "./statement-context.js";

/** A kind of statement a plug migration may contain, and what must hold of it. */
export interface AllowedStatement {
  /** How the statement reads in a message, e.g. "CREATE TABLE". */
  what: string | ((statement: TreeNode) => string);
  /** The objects it creates, changes or writes: each must be in the plug's own schema. */
  targets?: (statement: TreeNode) => ObjectName[];
  /** Anything else it must not do. */
  check?: StatementCheck;
}

/**
 * Everything a plug migration may contain, anywhere (a statement inside a function body, a DO block or
 * a WITH clause is held to the same list). What is not here is refused. Every statement is further
 * walked for refused functions (refused-functions.ts), temporary objects and function settings.
 */
export const allowedStatements: Record<string, AllowedStatement> = {
  // The plug's schema objects
  CreateStmt: { what: "CREATE TABLE", targets: (s) => relationName(s.relation) },
  AlterTableStmt: { what: (s) => `ALTER ${objectWord(s.objtype)}`, targets: (s) => relationName(s.relation), check: keepOwner },
  IndexStmt: { what: "CREATE INDEX on", targets: (s) => relationName(s.relation) },
  CreateSeqStmt: { what: "CREATE SEQUENCE", targets: (s) => relationName(s.sequence) },
  AlterSeqStmt: { what: "ALTER SEQUENCE", targets: (s) => relationName(s.sequence) },
  ViewStmt: { what: "CREATE VIEW", targets: (s) => relationName(s.view) },
  CreateTableAsStmt: {
    what: (s) => `CREATE ${objectWord(s.objtype)} AS`,
    targets: (s) => relationName((s.into as TreeNode | undefined)?.rel),
  },
  RefreshMatViewStmt: { what: "REFRESH MATERIALIZED VIEW", targets: (s) => relationName(s.relation) },
  CompositeTypeStmt: { what: "CREATE TYPE", targets: (s) => relationName(s.typevar) },
  CreateEnumStmt: { what: "CREATE TYPE", targets: (s) => listName(s.typeName) },
  AlterEnumStmt: { what: "ALTER TYPE", targets: (s) => listName(s.typeName) },
  CreateRangeStmt: { what: "CREATE TYPE", targets: (s) => listName(s.typeName) },
  CreateDomainStmt: { what: "CREATE DOMAIN", targets: (s) => listName(s.domainname) },
  AlterDomainStmt: { what: "ALTER DOMAIN", targets: (s) => listName(s.typeName) },
  CreateTrigStmt: { what: "CREATE TRIGGER on", targets: (s) => relationName(s.relation) },
  CreateFunctionStmt: {
    what: (s) => (s.is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION"),
    targets: (s) => listName(s.funcname),
    check: checkRoutine,
  },
  AlterFunctionStmt: {
    what: (s) => `ALTER ${objectWord(s.objtype)}`,
    targets: (s) => objectName(s.objtype, s.func),
    check: checkRoutineChange,
  },
  DoStmt: { what: "DO", check: checkDoBlock },
  CommentStmt: {
    what: (s) => `COMMENT ON ${objectWord(s.objtype)}`,
    targets: (s) => objectName(s.objtype, s.object),
    check: ownKindOf("objtype", "COMMENT ON"),
  },
  RenameStmt: {
    what: (s) => `ALTER ${objectWord(s.renameType)} RENAME`,
    targets: (s) => (s.relation ? relationName(s.relation) : objectName(s.renameType, s.object)),
    check: ownKindOf("renameType", "RENAME of"),
  },
  DropStmt: {
    what: (s) => `DROP ${objectWord(s.removeType)}`,
    targets: (s) => ((s.objects as unknown[]) ?? []).flatMap((o) => objectName(s.removeType, o)),
    check: ownKindOf("removeType", "DROP"),
  },
  // Data: reading anything the role may read; writing only the plug's tables
  SelectStmt: { what: "SELECT INTO", targets: (s) => relationName((s.intoClause as TreeNode | undefined)?.rel) },
  InsertStmt: { what: "INSERT into", targets: (s) => relationName(s.relation) },
  UpdateStmt: { what: "UPDATE of", targets: (s) => relationName(s.relation) },
  DeleteStmt: { what: "DELETE from", targets: (s) => relationName(s.relation) },
  MergeStmt: { what: "MERGE into", targets: (s) => relationName(s.relation) },
  TruncateStmt: { what: "TRUNCATE", targets: (s) => ((s.relations as unknown[]) ?? []).flatMap(relationName) },
  CallStmt: { what: "CALL" },
  // Inside a function's BEGIN ATOMIC body
  ReturnStmt: { what: "RETURN" },
};

/** The kinds of object a plug may drop, rename or comment on: those it may create. */
const ownObjectKinds = new Set(
  [
    "TABLE",
    "COLUMN",
    "TABCONSTRAINT",
    "INDEX",
    "SEQUENCE",
    "VIEW",
    "MATVIEW",
    "TYPE",
    "ATTRIBUTE",
    "DOMAIN",
    "DOMCONSTRAINT",
    "FUNCTION",
    "PROCEDURE",
    "ROUTINE",
    "TRIGGER",
  ].map((kind) => `OBJECT_${kind}`),
);

function ownKindOf(field: string, verb: string): StatementCheck {
  return (statement, context, location) => {
    if (ownObjectKinds.has(String(statement[field]))) return undefined;
    return context.refuse(location, {
      what: `${verb} ${objectWord(statement[field])}`,
      why:
        "a plug drops, renames and comments on only what it may create: " +
        "tables, indexes, sequences, views, types, domains, functions and triggers in its own schema",
      fix: "remove it",
    });
  };
}

/** ALTER TABLE ... OWNER TO: an object owned by another role acts, in its triggers and views, with that role's rights. */
function keepOwner(statement: TreeNode, context: StatementContext, location: number | undefined) {
  const commands = ((statement.cmds as TreeNode[]) ?? []).map((command) => (command.AlterTableCmd ?? command) as TreeNode);
  if (!commands.some((command) => command.subtype === "AT_ChangeOwner")) return undefined;
  const objection: Objection = {
    what: `ALTER ${objectWord(statement.objtype)} ... OWNER TO`,
    why: "the plug's objects stay its role's: views and triggers owned by another role act with that role's rights",
    fix: "remove it",
  };
  return context.refuse(location, objection);
}
