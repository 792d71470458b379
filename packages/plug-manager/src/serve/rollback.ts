import type { ApplyStepName } from "@care/runtime/supervision";
import type { ApplyRun } from "./apply-run.js";
import { snapshotFolder, type ApplyState } from "./apply-state.js";
import { holdReady } from "./health-gate.js";
import { releaseDir, discardRelease } from "./releases.js";
import { runReleaseTask } from "./release-task/release-task.js";
import { restoreRepository } from "./repository-snapshot.js";
import type { Supervisor } from "./supervisor.js";

export interface RollbackCause {
  failedStep: ApplyStepName;
  /** What failed and where, as the journal and the console say it. */
  message: string;
}

/**
 * Puts the deployment back as it was before the apply: the new process stopped, the backup restored
 * if the migration had started, the repository files put back, the new release removed, then the
 * previous release started and ready. Finishes the record "rolled-back", or "failed" when even
 * that did not work (the message then says what to do by hand).
 */
export async function rollBack(sup: Supervisor, run: ApplyRun, state: ApplyState, cause: RollbackCause): Promise<void> {
  const say = sup.options.print;
  const { site } = sup;
  const previous = state.previousRelease;
  try {
    const restoring = state.databaseTouched || state.snapshot || state.newRelease !== null || sup.candidate !== undefined;
    if (restoring) {
      await run.step(
        "restore",
        async () => {
          const done: string[] = [];
          if (sup.candidate) {
            done.push(`stopped release ${state.newRelease} (${await sup.candidate.stop()})`);
            sup.candidate = undefined;
          }
          if (state.databaseTouched) {
            if (!state.backup) {
              throw new Error(
                "no backup was taken before the migration (CARE_MIGRATE_WITHOUT_BACKUP is set), so the database keeps its changes",
              );
            }
            const restored = await runReleaseTask<{ detail: string }>(
              { op: "restore", backup: state.backup },
              { release: releaseDir(site, previous), env: sup.childEnv(), print: say, processes: sup.processes },
            );
            done.push(restored.detail);
          }
          if (state.snapshot) {
            const left = await restoreRepository(site.root, site.deployment, snapshotFolder(site, run.record.id), say);
            done.push(left ? `repository files put back, but ${left}` : "repository files put back");
          }
          if (state.newRelease !== null) {
            await discardRelease(site, state.newRelease);
            done.push(`release ${state.newRelease} removed`);
          }
          return done.join("; ");
        },
        say,
      );
    }
    if (sup.proc?.running) {
      await run.skip("restart-previous", `release ${previous} never stopped`);
    } else {
      await run.step(
        "restart-previous",
        async () => {
          const proc = sup.spawn(previous);
          sup.adopt(previous, proc);
          return `release ${previous}: ${await holdReady(proc, { startTimeoutMs: sup.options.startTimeoutMs, windowMs: 0 })}`;
        },
        say,
      );
    }
    const unchanged = run.record.bundle
      ? `the bundle ${run.record.bundle.file} was not applied`
      : "the staged changes are still staged (discard them, or apply again once fixed)";
    await run.finish("rolled-back", cause.failedStep, `${cause.message}\nRelease ${previous} is back and serving; ${unchanged}.`);
  } catch (error) {
    const backup = state.backup
      ? ` The backup taken before the migration is ${state.backup} (care restore ${state.backup} -d ${site.deployment}).`
      : "";
    await run.finish(
      "failed",
      cause.failedStep,
      `${cause.message}\nThe rollback failed too: ${(error as Error).message}.${backup} ` +
        "Look at care serve's output, fix what it names, then start it again.",
    );
  }
}
