import { fileURLToPath } from "node:url";
import type { ProcessRecord } from "../leftover-processes.js";
import { runNodeTask } from "../node-task.js";

/** The task's own entry, as built (this code is bundled into a chunk in dist/). */
const taskEntry = fileURLToPath(new URL("./serve/release-task/release-task-main.js", import.meta.url));

export type ReleaseTaskRequest = { op: "rehearse" } | { op: "backup" } | { op: "migrate" } | { op: "restore"; backup: string };

export interface ReleaseTaskOptions {
  /** The release's folder: the task runs there, with its runtime and plugs. */
  release: string;
  /** The supervisor's environment for the deployment (CARE_DATA_DIR absolute). */
  env: NodeJS.ProcessEnv;
  print: (line: string) => void;
  processes: ProcessRecord;
}

/** Runs a migration task (release-task-main) with a release's own code; answers its result or throws its coded refusal. */
export function runReleaseTask<T extends object>(request: ReleaseTaskRequest, options: ReleaseTaskOptions): Promise<T> {
  return runNodeTask<T>({
    script: taskEntry,
    cwd: options.release,
    env: { ...options.env, CARE_RELEASE_TASK: JSON.stringify(request) },
    label: request.op,
    print: options.print,
    processes: options.processes,
  });
}
