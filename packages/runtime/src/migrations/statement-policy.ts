import type { Refusal } from "./policy/refusal.js";
import { plugSchema } from "./plug-role.js";

/** Why a plug migration may not run: the file's 1-based line, and "<what> is not allowed in a plug migration (<why>); <fix>". */
export type MigrationRefusal = Refusal;

/**
 * Checks a plug's migration script, every statement of it and of its function bodies and DO blocks,
 * with PostgreSQL's own parser against what a plug may do in its own schema (policy/allowed-statements.ts):
 * deny by default. Returns the first refusal in the file, or undefined when all of it may run.
 * The database's grants still decide what the plug's role may touch; this refuses what grants do not
 * cover: leaving the role, settings and session state that outlive the step, SQL hidden in strings.
 * A syntax error throws.
 */
export async function checkPlugMigration(script: string, plugId: string): Promise<MigrationRefusal | undefined> {
  // Loaded when a migration first runs: the parser takes about 150 ms to load, and most starts run none.
  const [{ loadModule }, { checkSqlText }, { fileText }] = await Promise.all([
    import("@libpg-query/parser"),
    import("./policy/check-statement.js"),
    import("./policy/sql-text.js"),
  ]);
  await loadModule();
  return checkSqlText(fileText(script), plugSchema(plugId));
}

/** Loads PostgreSQL's parser for the policy, once. */
export async function loadPolicyParser(): Promise<void> {
  const { loadModule } = await import("@libpg-query/parser");
  await loadModule();
}
