import { sql, type Transaction } from "kysely";
import { plugRoleSql, plugSchema } from "../plug-role.js";

/** The session's settings by name, with where each value came from. */
export type SessionSettings = Map<string, { setting: string; source: string }>;

export async function sessionSettings(tx: Transaction<any>): Promise<SessionSettings> {
  const { rows } = await sql<{
    name: string;
    setting: string | null;
    source: string;
  }>`select name, setting, source from pg_catalog.pg_settings`.execute(tx);
  return new Map(rows.map((row) => [row.name, { setting: row.setting ?? "", source: row.source }]));
}

/**
 * What a step left behind that it may not: another role, or a changed setting, which would outlive
 * the step in the rest of the deployment's migration and, without LOCAL, in the app's session. The
 * policy keeps SQL from doing either; this is the second line of defence, and the only one for
 * TypeScript steps. Returns the sentence to refuse with, or undefined.
 */
export async function sessionChange(tx: Transaction<any>, plugId: string, before: SessionSettings): Promise<string | undefined> {
  const { rows } = await sql<{ role: string; expected: string }>`select current_user as role, ${plugRoleSql(plugId)} as expected`.execute(
    tx,
  );
  if (rows[0]?.role !== rows[0]?.expected)
    return `switched the database role to ${rows[0]?.role}; plug migrations must run as ${plugSchema(plugId)}`;
  const after = await sessionSettings(tx);
  for (const [name, now] of after) {
    const was = before.get(name);
    // Loading PL/pgSQL (or another library) adds its settings at their defaults: not a change.
    if (was ? was.setting === now.setting : now.source === "default") continue;
    return (
      `changed the setting ${name} (from ${was ? `"${was.setting}"` : "unset"} to "${now.setting}"); ` +
      "a plug's migration may not change settings: " +
      "they would outlive it, in the rest of the deployment's migration and in the app's sessions"
    );
  }
  return undefined;
}
