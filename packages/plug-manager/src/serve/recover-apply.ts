import { ApplyRun } from "./apply-run.js";
import { dropApplyFolder, readApplyState } from "./apply-state.js";
import { currentRelease } from "./releases.js";
import { rollBack } from "./rollback.js";
import { clearStagedChanges } from "./staging/index.js";
import type { Supervisor } from "./supervisor.js";

/**
 * On start: an apply the journal still calls "running" was cut short (its supervisor was killed).
 * It is rolled back as a failure of the step that was running: the previous release's database
 * (restored from the backup if the migration had started), its repository files, the previous
 * release started and ready. One whose health gate had passed and whose release was made current
 * just before is finished as applied instead.
 */
export async function recoverInterruptedApplies(sup: Supervisor): Promise<void> {
  const say = sup.options.print;
  for (const record of await sup.journal.records()) {
    if (record.result !== "running") continue;
    const run = new ApplyRun(sup.journal, record);
    const state = await readApplyState(sup.site, record.id);
    const current = await currentRelease(sup.site);
    const stoppedIn = run.runningStep ?? record.steps.at(-1)?.name ?? "build";
    const now = new Date().toISOString();
    for (const step of record.steps) {
      if (step.status === "running")
        Object.assign(step, { status: "failed", finishedAt: now, detail: "care serve stopped during this step" });
    }
    const passed = record.steps.some((step) => step.name === "health" && step.status === "ok");
    if (passed && state?.newRelease && current === state.newRelease) {
      await clearStagedChanges(
        sup.site.siteDir,
        record.changes.map((change) => change.id),
      );
      await run.finish("applied", null, `release ${current} serves (care serve restarted just after the health gate passed)`);
      await dropApplyFolder(sup.site, record.id);
      continue;
    }
    const previous = state?.previousRelease ?? current;
    if (previous === undefined) {
      await run.finish("failed", stoppedIn, "care serve stopped during this apply, and which release ran before it is unknown");
      continue;
    }
    say(`care serve: apply ${record.id} was cut short during ${stoppedIn} (care serve stopped); rolling it back to release ${previous}`);
    await rollBack(
      sup,
      run,
      state ?? { previousRelease: previous, newRelease: null, snapshot: false, backup: null, databaseTouched: false },
      {
        failedStep: stoppedIn,
        message: `care serve stopped during ${stoppedIn} (it was killed or crashed), so the apply was rolled back when it started again`,
      },
    );
    if (run.record.result === "rolled-back") await dropApplyFolder(sup.site, record.id);
  }
}
