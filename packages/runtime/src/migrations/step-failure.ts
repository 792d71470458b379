import { coreTableRefusalHint, refusedTableOf } from "./core-grants.js";

/**
 * Turns a database error in a plug's step into what happened, where, and what it means (`what`), and
 * the sentence saying nothing changed (`closing`), apart: a rehearsal says that once itself.
 */
export function describeStepFailure(
  plugId: string,
  step: string,
  error: unknown,
  errorLine: number | undefined,
  coreTables: Set<string>,
): { what: string; closing: string } {
  const { message = String(error) } = error as { message?: string };
  const line = errorLine === undefined ? "" : ` at line ${errorLine}`;
  const table = refusedTableOf(message);
  if (table && coreTables.has(table)) {
    const rule = coreTableRefusalHint(table) ?? "no plug may read or change this core table";
    return {
      what: `plug ${plugId} was refused core table core.${table} in ${step}${line} (${message}): ${rule}`,
      closing: "Nothing was changed",
    };
  }
  if (/permission denied for schema "?core"?/.test(message)) {
    return {
      what:
        `plug ${plugId} tried to create objects in the core schema in ${step}${line} (${message}); ` +
        "a plug's tables belong in its own schema",
      closing: "Nothing was changed",
    };
  }
  return {
    what: `${step} failed${line}: ${message}`,
    closing: "Nothing was changed: the deployment's database is as it was before this start",
  };
}
