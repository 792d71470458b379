import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { CareCliError } from "../cli-error.js";
import { readableLine } from "../dev/child-lines.js";
import type { ProcessRecord } from "./leftover-processes.js";
import { childGuard } from "./release-process.js";

/** How a task tells its result: its last line starts with this, then JSON. */
export const taskResultMarker = "care-task-result ";

/** A task's answer: what it found, or its refusal with a code. */
export type TaskResult<T> = ({ ok: true } & T) | { ok: false; code: string; message: string; hint?: string };

export interface NodeTaskOptions {
  /** The task's script: its path. */
  script: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Shown before each line it prints. */
  label: string;
  print: (line: string) => void;
  processes: ProcessRecord;
}

/**
 * Runs a task of the supervisor in its own Node process (a build, or a migration step with a
 * release's own runtime and plugs, which the long-lived supervisor must never import): its lines
 * pass through, its result line is parsed, a refusal becomes a CareCliError with its code, and an
 * exit without a result names its last lines.
 */
export function runNodeTask<T>(options: NodeTaskOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--enable-source-maps", "--import", childGuard, options.script], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      detached: true,
    });
    options.processes.add(child.pid, options.cwd);
    let result: TaskResult<T> | undefined;
    const tail: string[] = [];
    const take = (line: string) => {
      if (line.startsWith(taskResultMarker)) {
        result = JSON.parse(line.slice(taskResultMarker.length)) as TaskResult<T>;
        return;
      }
      tail.push(line);
      if (tail.length > 15) tail.shift();
      options.print(`${options.label} │ ${readableLine(line)}`);
    };
    createInterface({ input: child.stdout! }).on("line", take);
    createInterface({ input: child.stderr! }).on("line", take);
    child.once("error", (error) =>
      reject(new CareCliError(`could not start the ${options.label} task: ${error.message}`, { code: "command_failed" })),
    );
    child.once("close", (code, signal) => {
      options.processes.remove(child.pid);
      if (result?.ok) return resolve(result as T);
      if (result) return reject(new CareCliError(result.message, { code: result.code, ...(result.hint && { hint: result.hint }) }));
      reject(
        new CareCliError(
          `the ${options.label} task ended (${signal ? `signal ${signal}` : `code ${code}`}) without a result; its last lines:\n  ` +
            tail.join("\n  "),
          { code: "command_failed" },
        ),
      );
    });
  });
}

/** What a task's script prints last: its result, for runNodeTask. */
export function printTaskResult(result: TaskResult<Record<string, unknown>>): void {
  process.stdout.write(`${taskResultMarker}${JSON.stringify(result)}\n`);
}

/** A task's failure as its result line: the error's code, message and hint (a bug has no code: said so). */
export function failureResult(error: unknown): TaskResult<Record<string, unknown>> {
  const fields = error as { code?: unknown; hint?: unknown; message?: unknown };
  const message = typeof fields?.message === "string" ? fields.message : String(error);
  const code = typeof fields?.code === "string" && /^[a-z][a-z0-9_]*$/.test(fields.code) ? fields.code : "supervisor_task_failed";
  return { ok: false, code, message, ...(typeof fields?.hint === "string" && { hint: fields.hint }) };
}
