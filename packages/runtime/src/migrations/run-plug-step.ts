import type { CareDatabase } from "@care/core";
import type { Kysely, Transaction } from "kysely";
import { runPlugScript, ScriptFailure, ScriptRefusal } from "./run-plug-script.js";
import { sessionChange, sessionSettings } from "./policy/session-settings.js";
import { loadPolicyParser } from "./statement-policy.js";
import { stepDatabase, StepCodeRefusal } from "./step-database.js";

/** One step of a plug's migration: install.sql, or an upgrade's SQL file and TypeScript function. */
export interface PlugStepToRun {
  name: string;
  sql?: string | undefined;
  /** Given the step's restricted database (step-database.ts). */
  code?: ((db: Kysely<any>) => Promise<void>) | undefined;
}

/** Why a step stopped: the database's error and its line, or a refusal of what the step does or did. */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    readonly reason: unknown,
    readonly line: number | undefined,
    /**
     * Set when the step was refused: by the migration policy before it ran, or for leaving the
     * plug's role or changing a setting. `message` then says where and why, completely.
     */
    readonly refused = false,
    message = reason instanceof Error ? reason.message : String(reason),
  ) {
    super(message, { cause: reason });
  }

  get code(): string {
    return this.refused ? "plug_step_refused" : "plug_step_failed";
  }
}

/**
 * Runs one step as the plug's role, already entered by the caller: the runtime's migrations and
 * `care check`'s schema comparison both run steps through here, so they behave alike. Its SQL is
 * checked statement by statement first (statement-policy.ts), a TypeScript step's as it sends them
 * (step-database.ts); and after any step the session must still be the plug's role with every setting
 * as it was.
 */
export async function runPlugStep(tx: Transaction<any>, database: CareDatabase, plugId: string, step: PlugStepToRun): Promise<void> {
  const before = await sessionSettings(tx);
  try {
    if (step.sql !== undefined) await runPlugScript(database, tx, step.sql, plugId);
    if (step.code) {
      await loadPolicyParser();
      await step.code(stepDatabase(tx, plugId));
    }
  } catch (error) {
    if (error instanceof StepCodeRefusal) {
      throw new StepFailure(step.name, error, undefined, true, `${step.name} (TypeScript) sent SQL that is refused: ${error.reason}`);
    }
    if (error instanceof ScriptRefusal) {
      const message = `${fileOf(step.name)} line ${error.line}: ${error.reason}`;
      throw new StepFailure(step.name, error, error.line, true, message);
    }
    const failure = error instanceof ScriptFailure ? error : new ScriptFailure(error, undefined);
    throw new StepFailure(step.name, failure.reason, failure.line);
  }
  const changed = await sessionChange(tx, plugId, before);
  if (changed) throw new StepFailure(step.name, new Error(changed), undefined, true, `${step.name} ${changed}`);
}

/** The runtime names upgrade steps without their extension; a refusal names the file. */
const fileOf = (step: string) => (step.endsWith(".sql") ? step : `${step}.sql`);
