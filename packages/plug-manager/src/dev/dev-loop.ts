import { readFile } from "node:fs/promises";
import { syncDeployment } from "../sync/sync-deployment.js";
import { readPlugsLock } from "../sync/lockfile.js";
import { writePlugTables } from "../types/index.js";
import type { DeploymentPaths } from "../workspace/deployment-paths.js";
import { runCommand } from "../workspace/run-command.js";
import { buildPlugCode } from "./build-plug.js";
import { planChanges } from "./change-plan.js";
import type { DeploymentRunner } from "./deployment-runner.js";
import { describeDevFailure, resetHint, seconds } from "./dev-messages.js";
import { workspacePlugsOf } from "./dev-plugs.js";
import type { ChangeBatch, ChangeWatcher } from "./watch-changes.js";

export interface DevLoopOptions {
  root: string;
  paths: DeploymentPaths;
  runner: DeploymentRunner;
  watcher: ChangeWatcher;
  say: (line: string) => void;
}

/**
 * One cycle per batch of changes, never two at once: sync or rebuild what changed, restart the
 * deployment, say what changed and how long it took. A failure is said and the loop goes on: the
 * next good change recovers.
 */
export class DevLoop {
  private pending: ChangeBatch | undefined;
  /** Every cycle, in order: the first start, then each batch. */
  private chain: Promise<unknown> = Promise.resolve();
  private drainQueued = false;
  private closed = false;
  /** Whether a sync and build went through; until one has, every cycle syncs. */
  private synced = false;

  constructor(private readonly options: DevLoopOptions) {}

  /** The first cycle: sync as `care sync` does, build, start. Resolves with the URL, or undefined when it failed. */
  start(): Promise<string | undefined> {
    const first = this.chain.then(() => this.firstStart());
    this.chain = first;
    return first;
  }

  /** Takes a batch from the watcher; a batch arriving during a cycle joins the next one. */
  changed(batch: ChangeBatch): void {
    this.pending = this.pending ? merge(this.pending, batch) : batch;
    if (this.drainQueued) return;
    this.drainQueued = true;
    this.chain = this.chain.then(() => {
      this.drainQueued = false;
      return this.drain();
    });
  }

  /** No cycle starts after this; resolves when the one under way (if any) is done. */
  close(): Promise<unknown> {
    this.closed = true;
    return this.chain;
  }

  private async firstStart(): Promise<string | undefined> {
    const { say, paths } = this.options;
    const started = performance.now();
    try {
      await this.syncAndBuild();
    } catch (error) {
      say(`care dev: ${paths.name} could not be synced and built — ${describeDevFailure(error, "dev_build_failed")}`);
      return undefined;
    }
    return this.restart(`${paths.name} started`, started);
  }

  private async drain(): Promise<void> {
    while (this.pending && !this.closed) {
      const batch = this.pending;
      this.pending = undefined;
      await this.cycle(batch);
    }
  }

  private async cycle(batch: ChangeBatch): Promise<void> {
    const { root, say } = this.options;
    const plan = planChanges(batch);
    try {
      if (plan.sync || !this.synced) {
        await this.syncAndBuild();
      } else {
        for (const plug of plan.tables) await writePlugTables(plug.dir);
        for (const plug of plan.builds) await buildPlugCode(root, plug.dir);
      }
    } catch (error) {
      say(`care dev: ${plan.what} — ${describeDevFailure(error, "dev_build_failed")}`);
      say("care dev: still serving the last good build; fix it and save");
      return;
    }
    if (this.closed) return;
    const url = await this.restart(plan.what, batch.firstSeen);
    if (url) say(`care dev: ${plan.what} — rebuilt and serving again in ${seconds(batch.firstSeen)}`);
  }

  /** Stops the current process, starts the next; says why when it fails. */
  private async restart(what: string, since: number): Promise<string | undefined> {
    const { runner, say, paths } = this.options;
    try {
      const url = await runner.restart();
      if (!this.closed) runner.prepare();
      return url;
    } catch (error) {
      if (this.closed) return undefined;
      const failure = describeDevFailure(error, "dev_start_failed");
      say(`care dev: ${what} — the deployment could not start after ${seconds(since)}: ${failure}`);
      const hint = resetHint(failure, paths.name);
      say(hint ?? "care dev: fix it and save to start again");
      runner.prepare();
      return undefined;
    }
  }

  /** `care sync -d` as it is, then the deployment's build as `pnpm build` makes it; the watcher follows the plug list. */
  private async syncAndBuild(): Promise<void> {
    const { root, paths, say, watcher, runner } = this.options;
    const log = (line: string) => say(`  ${line}`);
    await runner.discardStandby();
    try {
      await syncDeployment({ root, deployment: paths.name, log });
    } finally {
      // Also after a failed sync: what the last good one recorded is still what runs.
      watcher.setPlugs(await workspacePlugsOf(root, await readPlugsLock(paths.lockfile).catch(() => undefined)));
    }
    const { name } = JSON.parse(await readFile(paths.packageJson, "utf8")) as { name: string };
    await runCommand("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only", "--filter", `${name}...`], {
      cwd: root,
      onLine: (line) => log(`turbo │ ${line}`),
    });
    this.synced = true;
  }
}

function merge(into: ChangeBatch, batch: ChangeBatch): ChangeBatch {
  for (const [plug, files] of batch.plugs) into.plugs.set(plug, new Set([...(into.plugs.get(plug) ?? []), ...files]));
  return { firstSeen: Math.min(into.firstSeen, batch.firstSeen), config: into.config || batch.config, plugs: into.plugs };
}
