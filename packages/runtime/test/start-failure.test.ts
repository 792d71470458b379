import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DeploymentProcess, freshStorage } from "./deployment-process.js";

const runtimeEntry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/** main.ts as a process of its own: runDeployment with `plugs` as written (source text). */
function spawnDeployment(env: NodeJS.ProcessEnv, plugs = "[]"): DeploymentProcess {
  const script = [
    `import { runDeployment } from ${JSON.stringify(runtimeEntry)};`,
    `await runDeployment({ deployment: "test", plugs: ${plugs} });`,
  ].join("\n");
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    env: { PATH: process.env.PATH, PORT: "0", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new DeploymentProcess(child);
}

// How main.ts reports a start that failed: a refusal by its code (exit 1), a bug by its stack (exit 70).
describe("a deployment that does not start", () => {
  const processes: DeploymentProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const running of processes.splice(0)) if (running.child.exitCode === null) await running.stop("SIGKILL");
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("prints a refusal's code and what to do, without a stack, and exits 1", async () => {
    const deployment = spawnDeployment({ PORT: "eighty" });
    processes.push(deployment);
    expect(await deployment.exited).toBe(1);
    expect(deployment.stderr).toMatch(/^Care could not start: settings_invalid: the environment has 1 problem\(s\):\n {2}PORT: /);
    expect(deployment.stderr).not.toMatch(/\n\s+at /);
    expect(deployment.stderr).not.toContain("internal error");
  });

  it("calls a failure without a code a bug, prints its stack and exits 70", async () => {
    const storage = await freshStorage();
    cleanups.push(() => storage.cleanup());
    // A manifest whose plugs are not a list: a bug in whatever generated it, which no check names.
    const deployment = spawnDeployment({ ...storage.env }, "5");
    processes.push(deployment);
    expect(await deployment.exited).toBe(70);
    expect(deployment.stderr).toContain(
      "Care could not start: internal error (a bug in Care or in a plug, please report it with what follows): ",
    );
    expect(deployment.stderr).toContain("TypeError");
    expect(deployment.stderr).toMatch(/\n\s+at /);
  });
});
