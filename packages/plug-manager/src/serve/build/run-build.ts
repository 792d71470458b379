import { fileURLToPath } from "node:url";
import type { ProcessRecord } from "../leftover-processes.js";
import { runNodeTask } from "../node-task.js";
import type { BuildChange } from "./apply-changes.js";

/** The build's own entry, as built (this code is bundled into a chunk in dist/). */
const buildEntry = fileURLToPath(new URL("./serve/build/build-main.js", import.meta.url));

/**
 * Makes the changes and bundles the deployment in a build process (build-main), whose lines pass
 * through; answers the bundle folder (apps/<name>/bundle/<name>) or throws its coded refusal.
 */
export async function runBuild(
  request: { root: string; deployment: string; changes: BuildChange[] },
  print: (line: string) => void,
  processes: ProcessRecord,
): Promise<{ folder: string; archive: string }> {
  return runNodeTask<{ folder: string; archive: string }>({
    script: buildEntry,
    cwd: request.root,
    env: { ...process.env, CARE_BUILD_REQUEST: JSON.stringify(request) },
    label: "build",
    print,
    processes,
  });
}
