/** A plug's code sent SQL that a plug may not run: a bug or an attack in the plug, never the caller's. */
export class PlugSqlRefused extends Error {
  readonly code = "plug_sql_refused";

  constructor(plugId: string, reason: string, sql: string) {
    const shown = sql.length > 200 ? `${sql.slice(0, 200)}…` : sql;
    super(`plug ${plugId} sent SQL that a plug may not run: ${reason}. Nothing of it ran. The statement: ${shown}`);
    this.name = "PlugSqlRefused";
  }
}
