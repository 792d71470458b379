import { parseSync, scanSync } from "@libpg-query/parser";
import { allowedStatements } from "./allowed-statements.js";
import type { ObjectName } from "./object-names.js";
import { eachNode, strings, type TreeNode } from "./parse-tree.js";
import type { Objection, Refusal } from "./refusal.js";
import { refusedFunction } from "./refused-functions.js";
import { refusedStatement } from "./refused-statements.js";
import { functionSetting, isFunctionSetting } from "./routine-checks.js";
import { statementContext, type StatementContext } from "./statement-context.js";
import type { SqlText } from "./sql-text.js";

/**
 * Checks every statement of `text` (a whole file, or a function body in it) and returns the first
 * refusal. The parser module must be loaded (`loadModule()`); a syntax error throws.
 */
export function checkSqlText(text: SqlText, schema: string): Refusal | undefined {
  const { stmts = [] } = parseSync(text.sql) as { stmts?: Array<{ stmt: TreeNode; stmt_location?: number; stmt_len?: number }> };
  const bytes = Buffer.from(text.sql, "utf8");
  for (const entry of stmts) {
    const from = entry.stmt_location ?? 0;
    const raw = bytes.subarray(from, entry.stmt_len ? from + entry.stmt_len : bytes.length);
    // The statement starts at its first token, after any comment above it.
    const start = from + (scanSync(raw.toString("utf8")).tokens[0]?.start ?? 0);
    const statement = bytes.subarray(start, from + raw.length).toString("utf8");
    const refusal = checkStatement(entry.stmt, statementContext(schema, text, statement, start));
    if (refusal) return refusal;
  }
  return undefined;
}

/** Checks one statement's whole tree: every statement in it against the allow-list, every call, every name it creates. */
export function checkStatement(tree: TreeNode, context: StatementContext): Refusal | undefined {
  let found: Refusal | undefined;
  eachNode(tree, (type, node, location) => {
    if (found) return false;
    if (type === "DefElem" && isFunctionSetting(node)) {
      // Its SET belongs to the function, checked as such, not to the migration.
      found = functionSetting(node, context, location);
      return false;
    }
    found = checkNode(type, node, location, context);
    return found === undefined;
  });
  return found;
}

function checkNode(type: string | undefined, node: TreeNode, location: number | undefined, context: StatementContext): Refusal | undefined {
  const refuse = (objection: Objection | undefined) => objection && context.refuse(location, objection);
  if (type?.endsWith("Stmt")) return checkStatementNode(type, node, location, context);
  if (type === "FuncCall") return refuse(refusedFunction(strings(node.funcname)));
  if (node.relpersistence === "t") return refuse(temporaryObject(node));
  return undefined;
}

function checkStatementNode(
  kind: string,
  statement: TreeNode,
  location: number | undefined,
  context: StatementContext,
): Refusal | undefined {
  const rule = allowedStatements[kind];
  if (!rule) return context.refuse(location, refusedStatement(kind, statement, context.schema));
  const what = typeof rule.what === "function" ? rule.what(statement) : rule.what;
  const outside = rule.targets?.(statement).find((target) => target.schema !== undefined && target.schema !== context.schema);
  if (outside) return context.refuse(outside.location ?? location, outsideSchema(what, outside, context.schema));
  return rule.check?.(statement, context, location);
}

function outsideSchema(what: string, target: ObjectName, schema: string): Objection {
  const named = `${what} ${target.schema}.${target.name}`;
  if (target.schema === "core") {
    return {
      what: named,
      why: "the core schema is the core's: a plug may read and reference its tables, never change them or add to them",
      fix: "keep the plug's data in its own tables, which may reference core rows",
    };
  }
  return {
    what: named,
    why: `${target.schema} is not the plug's schema: a plug creates and changes objects only in ${schema}`,
    fix: `leave the name unqualified: it then means ${schema}.${target.name}`,
  };
}

/** A TEMPORARY table, view or sequence lives in the database session, which the app goes on using. */
function temporaryObject(relation: TreeNode): Objection {
  return {
    what: `a temporary object (${String(relation.relname)})`,
    why:
      "it lives as long as the database session, which the app goes on using after the migration, " +
      "and its name is found before the app's own",
    fix: "create it in the plug's schema and drop it at the end of the step",
  };
}
