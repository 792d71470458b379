import type { CareDatabase } from "@care/core";
import { sql, type Transaction } from "kysely";
import { lineAt, scriptStatements, type ScriptStatement } from "./sql-statements.js";
import { checkPlugMigration } from "./statement-policy.js";

/** A plug script's failure, with the line of the whole file it happened at when it can be known. */
export class ScriptFailure extends Error {
  constructor(
    readonly reason: unknown,
    readonly line: number | undefined,
  ) {
    super(reason instanceof Error ? reason.message : String(reason), { cause: reason });
  }
}

/** A script the migration policy refuses before any of it runs: the file's line, and why. */
export class ScriptRefusal extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Runs plug `plugId`'s migration script inside the deployment's transaction, once the policy
 * (statement-policy.ts) has passed every statement of it: anything else is refused before it runs.
 * PostgreSQL gives no position for most errors of a multi-statement script, so on such a failure
 * the script is replayed statement by statement (inside a savepoint, all discarded) to name the line.
 */
export async function runPlugScript(database: CareDatabase, tx: Transaction<any>, script: string, plugId: string): Promise<void> {
  let statements: ScriptStatement[];
  try {
    statements = await scriptStatements(script);
  } catch (error) {
    const position = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
    throw new ScriptFailure(error, position === undefined ? undefined : lineAt(script, position));
  }
  const refused = await checkPlugMigration(script, plugId);
  if (refused) throw new ScriptRefusal(refused.line, refused.reason);
  await sql`savepoint care_plug_script`.execute(tx);
  try {
    await database.runScript(tx, script);
  } catch (error) {
    const position = Number((error as { position?: string }).position);
    if (position > 0) throw new ScriptFailure(error, lineAt(script, position - 1));
    await sql`rollback to savepoint care_plug_script`.execute(tx);
    throw await locate(database, tx, statements, error);
  }
  await sql`release savepoint care_plug_script`.execute(tx);
}

async function locate(
  database: CareDatabase,
  tx: Transaction<any>,
  statements: ScriptStatement[],
  original: unknown,
): Promise<ScriptFailure> {
  for (const statement of statements) {
    try {
      await database.runScript(tx, statement.text);
    } catch (error) {
      const position = Number((error as { position?: string }).position);
      return new ScriptFailure(error, statement.line + (position > 0 ? lineAt(statement.text, position - 1) - 1 : 0));
    }
  }
  return new ScriptFailure(original, undefined);
}
