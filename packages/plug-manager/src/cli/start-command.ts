import { spawn } from "node:child_process";
import { runCommand } from "../workspace/run-command.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { CareCliError } from "../cli-error.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Builds the deployment and runs it as production does: `node dist/main.js` in its folder. */
export async function startCommand(root: string, deployment: string): Promise<void> {
  const paths = deploymentPaths(root, deployment);
  if (!deploymentExists(paths))
    throw new CareCliError(`no deployment "${deployment}": ${paths.config} does not exist`, { code: "deployment_missing" });
  await runCommand("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only", "--filter", `@care-deploy/${deployment}...`], {
    cwd: root,
    onLine: (line) => say(`  turbo │ ${line}`),
  });
  const child = spawn(process.execPath, ["--enable-source-maps", "dist/main.js"], { cwd: paths.dir, stdio: "inherit" });
  // The deployment handles SIGINT/SIGTERM itself; pass them on and wait for it.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  process.exitCode = await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}
