import { parsePlPgSQLSync, scanSync } from "@libpg-query/parser";
import { checkSqlText } from "./check-statement.js";
import { eachNode, type TreeNode } from "./parse-tree.js";
import { refusal, type Refusal } from "./refusal.js";
import { fragmentText } from "./sql-text.js";

/** PL/pgSQL statements that run SQL built from a string: what they run cannot be read before it runs. */
const dynamicSql = new Set(["PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_dynfors"]);
const transactionControl = new Set(["PLpgSQL_stmt_commit", "PLpgSQL_stmt_rollback"]);

/**
 * Checks the PL/pgSQL body of `statement` (a CREATE FUNCTION or DO) with PostgreSQL's PL/pgSQL parser:
 * no EXECUTE, no COMMIT or ROLLBACK, and every SQL statement and expression in it held to the same
 * checks as the file's own. `firstLine` is the file's line of the body's first line; `where` names it.
 */
export function checkPlpgsqlBody(statement: string, firstLine: number, schema: string, where: string): Refusal | undefined {
  let tree: { plpgsql_funcs?: unknown[] };
  try {
    tree = parsePlPgSQLSync(statement) as typeof tree;
  } catch (error) {
    // The parser reports some errors as text where JSON was expected; only its own errors say why.
    const detail = error instanceof SyntaxError ? "" : `: ${(error as Error).message}`;
    return unreadable(firstLine, where, `PostgreSQL's PL/pgSQL parser cannot read it${detail}`);
  }
  if (!tree.plpgsql_funcs?.length) return unreadable(firstLine, where, "PostgreSQL's PL/pgSQL parser found no body in it");
  let found: Refusal | undefined;
  eachNode(
    tree,
    (type, node, lineno) => {
      if (found) return false;
      const line = firstLine + (lineno ?? 1) - 1;
      if ((type && dynamicSql.has(type)) || "dynquery" in node) {
        found = refusal(line, {
          what: `EXECUTE in ${where}`,
          why: "it runs SQL built from a string at run time, which the check cannot read",
          fix: "write the statements out (IF can choose between them)",
        });
      } else if (type && transactionControl.has(type)) {
        found = refusal(line, {
          what: `COMMIT or ROLLBACK in ${where}`,
          why: "a plug's migration runs inside the deployment's one transaction",
          fix: "remove it",
        });
      } else if (type === "PLpgSQL_expr") {
        found = checkExpression(node, line, schema, where);
      }
      return found === undefined;
    },
    "lineno",
  );
  return found;
}

/** An SQL statement or expression of the body, parsed as PostgreSQL's PL/pgSQL itself hands it to the SQL parser. */
function checkExpression(expression: TreeNode, line: number, schema: string, where: string): Refusal | undefined {
  const query = String(expression.query ?? "");
  const sql = asStatement(query, Number(expression.parseMode ?? 0));
  if (sql === undefined) return unreadable(line, where, `"${query}" is not an SQL statement or expression the check knows`);
  try {
    return checkSqlText(fragmentText(sql, line), schema);
  } catch (error) {
    return unreadable(line, where, `PostgreSQL's parser cannot read "${query}" (${(error as Error).message})`);
  }
}

/**
 * PL/pgSQL parse modes: 0 a whole statement, 2 an expression (`x > 1`, read as `SELECT x > 1`), 3-5 an
 * assignment `target := expression`, read as `SELECT target, expression` so that a subscript in the
 * target is checked too.
 */
function asStatement(query: string, parseMode: number): string | undefined {
  if (parseMode === 0) return query;
  if (parseMode === 2) return `SELECT ${query}`;
  if (parseMode < 3 || parseMode > 5) return undefined;
  const bytes = Buffer.from(query, "utf8");
  let depth = 0;
  for (const token of scanSync(query).tokens) {
    if (token.text === "(" || token.text === "[") depth += 1;
    else if (token.text === ")" || token.text === "]") depth -= 1;
    else if (depth === 0 && (token.text === ":=" || token.text === "=")) {
      return `SELECT ${bytes.subarray(0, token.start).toString("utf8")}, ${bytes.subarray(token.end).toString("utf8")}`;
    }
  }
  return undefined;
}

function unreadable(line: number, where: string, detail: string): Refusal {
  return refusal(line, {
    what: `${where} with a body the check cannot read`,
    why: `${detail}; what the check cannot read may not run`,
    fix: "fix the body",
  });
}
