import type { TreeNode } from "./parse-tree.js";
import { refusal, type Objection, type Refusal } from "./refusal.js";
import type { SqlText } from "./sql-text.js";

/** What checking one statement needs to know besides its tree. */
export interface StatementContext {
  /** The plug's schema, `plug_<id>`: the only one whose objects it may create or change. */
  schema: string;
  /** The text the statement was parsed from; its tree's locations are byte offsets into it. */
  text: SqlText;
  /** The statement's own text: the PL/pgSQL parser reads a whole CREATE FUNCTION or DO. */
  statement: string;
  /** The file's line of `location`, or of the statement when the node has none. */
  lineOf(location: number | undefined): number;
  /** Refuses with the file's line of `location`, or of the statement when the node has none. */
  refuse(location: number | undefined, objection: Objection): Refusal;
}

/** A further check of an allowed statement; `location` is the closest one the parser gave. */
export type StatementCheck = (statement: TreeNode, context: StatementContext, location: number | undefined) => Refusal | undefined;

export function statementContext(schema: string, text: SqlText, statement: string, start: number): StatementContext {
  const lineOf = (location: number | undefined) => text.lineAt(location ?? start);
  return { schema, text, statement, lineOf, refuse: (location, objection) => refusal(lineOf(location), objection) };
}
