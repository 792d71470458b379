import { scanSync } from "@libpg-query/parser";
import { checkSqlText } from "./check-statement.js";
import { isNode, options, strings, unwrap, type TreeNode } from "./parse-tree.js";
import { checkPlpgsqlBody } from "./plpgsql-body.js";
import type { Refusal } from "./refusal.js";
import { embeddedText } from "./sql-text.js";
import type { StatementCheck, StatementContext } from "./statement-context.js";

/** The languages whose bodies the check can read; any other (C, internal, PL/Python...) is refused. */
const readableLanguages = new Set(["sql", "plpgsql"]);

/** CREATE FUNCTION / PROCEDURE: a readable language, no SECURITY DEFINER, and a body that passes the same checks. */
export const checkRoutine: StatementCheck = (statement, context, location) => {
  const given = options(statement.options);
  const name = strings(statement.funcname).join(".");
  const language = String(unwrap(given.find((option) => option.defname === "language")?.arg, "String")?.sval ?? "sql").toLowerCase();
  if (!readableLanguages.has(language)) return otherLanguage(`a function in LANGUAGE ${language} (${name})`, language, context, location);
  const definer = refuseDefiner(given, name, context, location);
  if (definer) return definer;
  // A BEGIN ATOMIC body is part of the statement's tree, walked with it.
  const body = given.find((option) => option.defname === "as");
  return body && checkBody(language, body, `function ${name}`, context);
};

/** ALTER FUNCTION: no SECURITY DEFINER (its SET clauses are checked where the walk meets them). */
export const checkRoutineChange: StatementCheck = (statement, context, location) =>
  refuseDefiner(options(statement.actions), strings(unwrap(statement.func, "ObjectWithArgs")?.objname).join("."), context, location);

/** DO: PL/pgSQL only, its body held to the same checks as a function's. */
export const checkDoBlock: StatementCheck = (statement, context, location) => {
  const given = options(statement.args);
  const language = String(unwrap(given.find((option) => option.defname === "language")?.arg, "String")?.sval ?? "plpgsql").toLowerCase();
  if (language !== "plpgsql") return otherLanguage(`a DO block in LANGUAGE ${language}`, language, context, location);
  const body = given.find((option) => option.defname === "as");
  return body && checkBody(language, body, "a DO block", context);
};

/** A function's `SET name = value` clause: the DefElem the walk hands over instead of its VariableSetStmt. */
export function isFunctionSetting(option: TreeNode): boolean {
  return option.defname === "set" && isNode(option.arg) && "VariableSetStmt" in option.arg;
}

/**
 * Only search_path may be set on a function: it is restored when the function returns, and pins
 * what the body's names mean. Any other setting applies to whoever calls the function while it runs,
 * and `SET role` would run it as the role of the session's login, past the plug's.
 */
export function functionSetting(option: TreeNode, context: StatementContext, location: number | undefined): Refusal | undefined {
  const name = String(unwrap(option.arg, "VariableSetStmt")?.name ?? "");
  if (name === "search_path") return undefined;
  return context.refuse(location, {
    what: `SET ${name} on a function`,
    why: "a function's setting applies to its caller while it runs (SET role would switch to another role); only search_path may be pinned",
    fix: "remove the SET clause",
  });
}

function refuseDefiner(given: TreeNode[], name: string, context: StatementContext, location: number | undefined): Refusal | undefined {
  const security = given.find((option) => option.defname === "security");
  if (unwrap(security?.arg, "Boolean")?.boolval !== true) return undefined;
  return context.refuse((security?.location as number | undefined) ?? location, {
    what: `SECURITY DEFINER (function ${name})`,
    why: "the plug's code already runs as its role; a definer function only lends the plug's rights to whoever calls it",
    fix: "remove SECURITY DEFINER",
  });
}

function otherLanguage(what: string, language: string, context: StatementContext, location: number | undefined): Refusal {
  const program = ["c", "internal"].includes(language);
  return context.refuse(location, {
    what,
    why: program ? "it runs a program of the database server" : "only SQL and PL/pgSQL bodies can be read by the check",
    fix: "write it in SQL or PL/pgSQL",
  });
}

/** Checks a body given as a string (`AS $$ ... $$`), with the file's lines of what it finds. */
function checkBody(language: string, body: TreeNode, where: string, context: StatementContext): Refusal | undefined {
  const firstLine = bodyLine(body, context);
  if (language === "plpgsql") return checkPlpgsqlBody(context.statement, firstLine, context.schema, where);
  const sql = strings(body.arg)[0] ?? "";
  try {
    return checkSqlText(embeddedText(sql, firstLine), context.schema);
  } catch (error) {
    return context.refuse(undefined, {
      what: `${where} with a body the check cannot read`,
      why: `${(error as Error).message}; what the check cannot read may not run`,
      fix: "fix the body",
    });
  }
}

/** The file's line the body string opens on: the first string constant at or after the DefElem. */
function bodyLine(body: TreeNode, context: StatementContext): number {
  const location = body.location as number | undefined;
  if (location === undefined) return context.lineOf(undefined);
  const after = Buffer.from(context.text.sql, "utf8").subarray(location).toString("utf8");
  const string = scanSync(after).tokens.find((token) => token.tokenName === "SCONST");
  return context.lineOf(location + (string?.start ?? 0));
}
