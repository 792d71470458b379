/** Where a text the policy parses sits in the migration file, so that refusals name the file's line. */
export interface SqlText {
  /** The SQL, whose parse tree `location`s are byte offsets into it. */
  sql: string;
  /** The file's line of the byte at `offset` of `sql`. */
  lineAt(offset: number): number;
}

/** A whole file: offsets map to its own lines. */
export function fileText(sql: string): SqlText {
  const bytes = Buffer.from(sql, "utf8");
  return { sql, lineAt: (offset) => bytes.subarray(0, offset).toString("utf8").split("\n").length };
}

/** A text inside the file (a function's body) that starts on the file's line `firstLine`. */
export function embeddedText(sql: string, firstLine: number): SqlText {
  const own = fileText(sql);
  return { sql, lineAt: (offset) => firstLine + own.lineAt(offset) - 1 };
}

/** A fragment whose lines cannot be told apart (an expression of a PL/pgSQL statement): all on `line`. */
export function fragmentText(sql: string, line: number): SqlText {
  return { sql, lineAt: () => line };
}
