import type { ApplyStepName } from "@care/runtime/supervision";
import { StepFailure, type ApplyRun } from "./apply-run.js";
import { dropApplyFolder, saveApplyState, snapshotFolder, type ApplyState } from "./apply-state.js";
import type { BuildChange } from "./build/apply-changes.js";
import { runBuild } from "./build/run-build.js";
import { holdReady, untilServing } from "./health-gate.js";
import { releaseFromBundle, releaseFromTarball } from "./make-release.js";
import { redactLines } from "./redact-lines.js";
import { pruneReleases, releaseDir, setCurrentRelease } from "./releases.js";
import { runReleaseTask } from "./release-task/release-task.js";
import { snapshotRepository } from "./repository-snapshot.js";
import { rollBack } from "./rollback.js";
import { clearStagedChanges } from "./staging/index.js";
import type { Supervisor } from "./supervisor.js";

export interface ApplyPlan {
  changes: BuildChange[];
  /** A bundle tarball built elsewhere, instead of building the changes here. */
  bundle?: string;
}

/**
 * One apply, step by step, each journalled: build a new release (offline), rehearse its migration,
 * back up, stop the running release, migrate, start the new one and hold it to the health gate.
 * PGlite's data folder has one owner, so there the old process stops before the rehearsal; on a
 * server the rehearsal runs while it still serves. Any failure rolls back (rollback.ts).
 */
export async function runApply(sup: Supervisor, run: ApplyRun, plan: ApplyPlan): Promise<void> {
  const { site } = sup;
  const say = sup.options.print;
  const id = run.record.id;
  const state: ApplyState = { previousRelease: sup.release!, newRelease: null, snapshot: false, backup: null, databaseTouched: false };
  const save = () => saveApplyState(site, id, state);
  const task = (op: "rehearse" | "backup" | "migrate", release: string) =>
    runReleaseTask<{ detail?: string; file?: string | null }>(
      { op },
      { release: releaseDir(site, release), env: sup.childEnv(), print: say, processes: sup.processes },
    );
  const embedded = !sup.childEnv().DATABASE_URL;
  try {
    await save();
    await run.step(
      "build",
      async () => {
        if (plan.bundle) {
          const made = await releaseFromTarball(site, plan.bundle);
          state.newRelease = made.id;
          await save();
          return `release ${made.id} unpacked from ${plan.bundle}`;
        }
        await snapshotRepository(site.root, site.deployment, snapshotFolder(site, id));
        state.snapshot = true;
        await save();
        const built = await runBuild({ root: site.root, deployment: site.deployment, changes: plan.changes }, say, sup.processes);
        state.newRelease = await releaseFromBundle(site, built.folder);
        await save();
        return `release ${state.newRelease} built offline (${built.archive})`;
      },
      say,
    );
    const newRelease = state.newRelease!;
    const stop = () =>
      run.step("stop", async () => `release ${state.previousRelease} stopped (${(await sup.stopKept()) ?? "it was not running"})`, say);
    const rehearse = () => run.step("rehearse", async () => (await task("rehearse", newRelease)).detail, say);
    if (embedded) {
      await stop();
      await rehearse();
    } else {
      await rehearse();
      await stop();
    }
    await run.step(
      "backup",
      async () => {
        const taken = await task("backup", state.previousRelease);
        state.backup = taken.file ?? null;
        await save();
        return taken.file ?? "none taken: CARE_MIGRATE_WITHOUT_BACKUP is set, so a rollback cannot restore the database";
      },
      say,
    );
    state.databaseTouched = true;
    await save();
    await run.step("migrate", async () => (await task("migrate", newRelease)).detail, say);
    await run.step(
      "start",
      async () => {
        sup.candidate = sup.spawn(newRelease, { probation: true });
        return `release ${newRelease} serves at ${await untilServing(sup.candidate, sup.options.startTimeoutMs)}`;
      },
      say,
    );
    await run.step(
      "health",
      async () => {
        const held = await holdReady(sup.candidate!, { startTimeoutMs: sup.options.startTimeoutMs, windowMs: sup.options.healthWindowMs });
        // Until now it refused writes: a failed gate restores the backup, and would have lost them.
        await sup.candidate!.endProbation();
        return `${held}; it accepts changes from now on`;
      },
      say,
    );
    await setCurrentRelease(site, newRelease);
    sup.adopt(newRelease, sup.candidate!);
    sup.candidate = undefined;
    const pruned = await pruneReleases(site, [newRelease, state.previousRelease]);
    if (!plan.bundle)
      await clearStagedChanges(
        site.siteDir,
        plan.changes.map((change) => change.id),
      );
    await run.finish(
      "applied",
      null,
      `release ${newRelease} serves${pruned.length ? `; older releases removed: ${pruned.join(", ")}` : ""}`,
    );
    await dropApplyFolder(site, id);
  } catch (error) {
    if (sup.closing) return; // Stopped by SIGINT/SIGTERM: the record stays "running", and the next care serve rolls it back.
    const failedStep: ApplyStepName = error instanceof StepFailure ? error.step : (run.runningStep ?? "build");
    const lines = sup.candidate ? redactLines(sup.candidate.lastLines(), sup.childEnv()) : [];
    const where = lines.length ? `\nThe last lines of release ${state.newRelease}:\n  ${lines.join("\n  ")}` : "";
    await rollBack(sup, run, state, { failedStep, message: `${failedStep} failed: ${(error as Error).message}${where}` });
    if (run.record.result === "rolled-back") await dropApplyFolder(site, id);
  }
}
