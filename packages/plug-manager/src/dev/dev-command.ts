import { resolve } from "node:path";
import { CareCliError } from "../cli-error.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { loadTsup } from "./build-plug.js";
import { DeploymentRunner } from "./deployment-runner.js";
import { installChangedHint, seconds } from "./dev-messages.js";
import { DevLoop } from "./dev-loop.js";
import { ChangeWatcher } from "./watch-changes.js";

export interface DevCommandOptions {
  port?: number;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** `care dev -d <deployment>`: start it, watch its workspace plugs, rebuild and restart on change. */
export async function devCommand(root: string, deployment: string, options: DevCommandOptions): Promise<void> {
  const paths = deploymentPaths(root, deployment);
  if (!deploymentExists(paths)) {
    throw new CareCliError(`no deployment "${deployment}": ${paths.config} does not exist`, {
      code: "deployment_missing",
      hint: `name one of the folders in apps/, or create it with \`pnpm care deployment new ${deployment}\``,
    });
  }
  // A development database, always: the embedded one in the deployment's folder, kept across restarts.
  const { DATABASE_URL: serverDatabase, ...inherited } = process.env;
  if (serverDatabase) say("care dev: DATABASE_URL is set; care dev runs on the embedded database instead (care start uses DATABASE_URL)");
  const env: NodeJS.ProcessEnv = { ...inherited, ...(options.port !== undefined && { PORT: String(options.port) }) };
  const dataDir = resolve(paths.dir, env.CARE_DATA_DIR || `.care/${deployment}/data`);

  const runner = new DeploymentRunner({
    dir: paths.dir,
    env,
    onLine: (text, line, stream) => {
      (stream === "stderr" ? process.stderr : process.stdout).write(`  ${deployment} │ ${text}\n`);
      if (line.kind === "install_changed") say(installChangedHint(line.plugId, deployment, dataDir));
    },
    onExit: (how) => say(`care dev: the deployment stopped by itself (${how}); it starts again on the next change`),
  });
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  // Loaded while the first sync runs, so that the first rebuild is as quick as the others.
  void loadTsup(root).catch(() => undefined);
  const watcher: ChangeWatcher = new ChangeWatcher(paths.config, (batch) => loop.changed(batch));
  const loop = new DevLoop({ root, paths, runner, watcher, say });

  const started = performance.now();
  const url = await Promise.race([loop.start(), stopped.then(() => undefined)]);
  await watcher.ready();
  const watched = watcher.watchedPlugs().map((plug) => plug.id);
  const watching = watched.length ? `watching ${watched.join(", ")} and plug.config.ts` : "watching plug.config.ts (no workspace plugs)";
  if (url) say(`care dev: ${deployment} is serving at ${url} (ready in ${seconds(started)}); ${watching}; Ctrl-C stops`);
  else say(`care dev: ${watching}; save a change to try again, Ctrl-C stops`);

  const signal = await stopped;
  say(`care dev: ${signal}: stopping the deployment`);
  await watcher.close();
  const closing = loop.close();
  await runner.stop();
  await closing;
  say("care dev: stopped");
}
