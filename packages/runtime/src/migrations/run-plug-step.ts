import type { CareDatabase } from "@care/core";
import { sql, type Transaction } from "kysely";
import { plugSchema } from "./plug-role.js";
import { runPlugScript, ScriptFailure } from "./run-plug-script.js";

/** One step of a plug's migration: install.sql, or an upgrade's SQL file and TypeScript function. */
export interface PlugStepToRun {
  name: string;
  sql?: string | undefined;
  code?: (() => Promise<void>) | undefined;
}

/** Why a step stopped: the database's error and its line, or the step leaving the plug's role. */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    readonly reason: unknown,
    readonly line: number | undefined,
    /** Set when the step left (or tried to leave) the plug's role; `message` then says how. */
    readonly leftRole = false,
    message = reason instanceof Error ? reason.message : String(reason),
  ) {
    super(message, { cause: reason });
  }
}

/**
 * Runs one step as the plug's role, already entered by the caller: the runtime's migrations and
 * `care check`'s schema comparison both run steps through here, so they behave alike.
 */
export async function runPlugStep(tx: Transaction<any>, database: CareDatabase, plugId: string, step: PlugStepToRun): Promise<void> {
  if (step.sql !== undefined) refuseRoleSwitch(plugId, step.name, step.sql);
  try {
    if (step.sql !== undefined) await runPlugScript(database, tx, step.sql);
    await step.code?.();
  } catch (error) {
    const failure = error instanceof ScriptFailure ? error : new ScriptFailure(error, undefined);
    throw new StepFailure(step.name, failure.reason, failure.line);
  }
  await assertStillPlugRole(tx, plugId, step.name);
}

/**
 * A script that switches roles would act with the app's rights. The database enforces the plug's
 * role on every statement; what it cannot stop is a script that leaves that role, so refuse those.
 */
const roleSwitch = /\b(?:reset\s+role|set\s+(?:(?:local|session)\s+)?role|set\s+(?:session\s+)?session\s+authorization|reset\s+session\s+authorization|reset\s+all|set_config\s*\(\s*'role')\b/i;

function refuseRoleSwitch(id: string, step: string, script: string): void {
  const match = roleSwitch.exec(script);
  if (!match) return;
  const line = script.slice(0, match.index).split("\n").length;
  const message = `${step} switches the database role (line ${line}: "${match[0].replace(/\s+/g, " ")}"); plug migrations run as ${plugSchema(id)} and may not leave it`;
  throw new StepFailure(step, new Error(message), line, true, message);
}

/** Catches a switch the text check could not see (dynamic SQL). */
async function assertStillPlugRole(tx: Transaction<any>, id: string, step: string): Promise<void> {
  const { rows } = await sql<{ role: string }>`select current_user as role`.execute(tx);
  if (rows[0]?.role !== plugSchema(id)) {
    const message = `${step} switched the database role to ${rows[0]?.role}; plug migrations must run as ${plugSchema(id)}`;
    throw new StepFailure(step, new Error(message), undefined, true, message);
  }
}
