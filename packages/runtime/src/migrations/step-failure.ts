import { coreTableRefusalHint, refusedTableOf } from "./core-grants.js";

/** Turns a database error in a plug's step into what happened, where, and what it means. */
export function describeStepFailure(
  plugId: string,
  step: string,
  error: unknown,
  errorLine: number | undefined,
  coreTables: Set<string>,
): string {
  const { message = String(error) } = error as { message?: string };
  const line = errorLine === undefined ? "" : ` at line ${errorLine}`;
  const table = refusedTableOf(message);
  if (table && coreTables.has(table)) {
    const rule = coreTableRefusalHint(table) ?? "no plug may read or change this core table";
    return `plug ${plugId} was refused core table core.${table} in ${step}${line} (${message}): ${rule}. Nothing was changed`;
  }
  if (/permission denied for schema "?core"?/.test(message)) {
    return `plug ${plugId} tried to create objects in the core schema in ${step}${line} (${message}); a plug's tables belong in its own schema. Nothing was changed`;
  }
  return `${step} failed${line}: ${message}. Nothing was changed: the deployment's database is as it was before this start`;
}
