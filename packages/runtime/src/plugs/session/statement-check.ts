import { eachNode, strings, type TreeNode } from "../../migrations/policy/parse-tree.js";
import { refusedFunction } from "../../migrations/policy/refused-functions.js";

/**
 * What a plug's code may send while it acts on the app's own connection (inside the core's
 * transaction, and always on PGlite): reading and writing data. Anything else could take the app's
 * rights back (a role or setting change, SQL in a string) or leave state in a session the app goes on
 * using. The database's grants decide which tables the statement may touch; this decides the kind.
 */
const dataStatements = new Set(["SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"]);

const cache = new Map<string, string | null>();
const cacheLimit = 2_000;

type Parse = (sql: string) => { stmts?: Array<{ stmt: TreeNode }> };
let parse: Parse | undefined;

/** Loads PostgreSQL's parser once (about 150 ms); call before the first check. */
export async function loadStatementParser(): Promise<void> {
  if (parse) return;
  const parser = await import("@libpg-query/parser");
  await parser.loadModule();
  parse = parser.parseSync as Parse;
}

/**
 * Why a plug may not send `sql` on the app's connection, or undefined when it may. Kysely sends the
 * same text for the same query shape (values travel as parameters), so answers are kept per text.
 */
export function refusedPlugStatement(sql: string): string | undefined {
  const known = cache.get(sql);
  if (known !== undefined) return known ?? undefined;
  const reason = check(sql);
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
  cache.set(sql, reason ?? null);
  return reason;
}

function check(sql: string): string | undefined {
  if (!parse) throw new Error("bug: the plug statement check ran before its parser was loaded");
  let stmts: Array<{ stmt: TreeNode }>;
  try {
    stmts = parse(sql).stmts ?? [];
  } catch (error) {
    // The database would refuse it as well; saying so here keeps unparsed text from ever running.
    return `it is not valid SQL (${(error as Error).message})`;
  }
  if (stmts.length !== 1) return stmts.length === 0 ? "it is empty" : "it holds several statements; send one at a time";
  let reason: string | undefined;
  eachNode(stmts[0]!.stmt, (type, node) => {
    if (reason) return false;
    if (type?.endsWith("Stmt") && !dataStatements.has(type)) reason = `${statementName(type)} is not data access`;
    else if (type === "SelectStmt" && node.intoClause) reason = "SELECT INTO creates a table";
    else if (type === "FuncCall") {
      const refused = refusedFunction(strings(node.funcname));
      if (refused) reason = `${refused.what} is refused: ${refused.why}`;
    }
    return reason === undefined;
  });
  return reason;
}

const names: Record<string, string> = {
  VariableSetStmt: "SET or RESET",
  DoStmt: "a DO block",
  TransactionStmt: "a transaction command",
  CopyStmt: "COPY",
  CallStmt: "CALL",
  VariableShowStmt: "SHOW",
};

/** Other kinds read as PostgreSQL's parser names them: "a CreateTable statement". */
const statementName = (type: string) => names[type] ?? `a ${type.replace(/Stmt$/, "")} statement`;
