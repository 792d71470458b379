import { parse } from "libpg-query";

/** One statement of a script, as PostgreSQL's own parser delimits it. */
export interface ScriptStatement {
  /** The parse-tree node type, e.g. `CreateStmt`, `DoStmt`, `TransactionStmt`. */
  kind: string;
  text: string;
  /** 1-based line of the statement's first character in the whole script. */
  line: number;
}

/** Splits a script into statements with the real PostgreSQL parser (a syntax error throws with its position). */
export async function scriptStatements(script: string): Promise<ScriptStatement[]> {
  const bytes = Buffer.from(script, "utf8");
  const { stmts = [] } = (await parse(script)) as {
    stmts?: Array<{ stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }>;
  };
  return stmts.map((entry) => {
    // The parser counts bytes; a name with an accent would shift every later line otherwise.
    const start = entry.stmt_location ?? 0;
    const end = entry.stmt_len ? start + entry.stmt_len : bytes.length;
    const before = bytes.subarray(0, start).toString("utf8");
    const raw = bytes.subarray(start, end).toString("utf8");
    const leading = /^(?:\s|--[^\n]*(?:\n|$))*/.exec(raw)![0];
    return {
      kind: Object.keys(entry.stmt)[0]!,
      text: raw.slice(leading.length),
      line: lineAt(before + leading, (before + leading).length),
    };
  });
}

/** 1-based line of the character at 0-based `index`. */
export function lineAt(text: string, index: number): number {
  return text.slice(0, Math.max(0, index)).split("\n").length;
}
