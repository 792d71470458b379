import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { isAbsolute } from "node:path";
import { sha256OfFile } from "@care/runtime/tooling";
import type { ApplyRecord, ApplyRequest } from "@care/runtime/supervision";
import { runApply } from "./apply-pipeline.js";
import { ApplyRun } from "./apply-run.js";
import { ControlError } from "./control-answers.js";
import { archivePathOf, listStagedChanges } from "./staging/index.js";
import type { Supervisor } from "./supervisor.js";

/**
 * POST /applies: refuses a second apply while one runs (409 apply_running), an apply with nothing
 * staged (409 nothing_staged) or a bundle that is not an absolute path to a file on this server
 * (400); otherwise journals the new apply as running and starts it. Answers its record at once.
 */
export async function startApply(sup: Supervisor, request: ApplyRequest, actor: string): Promise<ApplyRecord> {
  if (sup.applying) {
    throw new ControlError(
      409,
      "apply_running",
      `apply ${sup.applying.record.id} is running; one apply at a time`,
      "follow it with GET /applies/<id>, then apply again",
    );
  }
  let bundle: ApplyRecord["bundle"] = null;
  if (request.bundle !== undefined) {
    if (!isAbsolute(request.bundle) || !existsSync(request.bundle)) {
      throw new ControlError(
        400,
        "bundle_file_missing",
        `${request.bundle} is not an absolute path to a file on this server`,
        "give the full path of the bundle .tgz (care apply --bundle resolves it for you)",
      );
    }
    bundle = { file: request.bundle, sha256: await sha256OfFile(request.bundle) };
  }
  const changes = bundle ? [] : await listStagedChanges(sup.site.siteDir);
  if (!bundle && changes.length === 0) {
    throw new ControlError(
      409,
      "nothing_staged",
      "nothing is staged, so there is nothing to apply",
      "stage a plug archive (POST /changes, care stage) first",
    );
  }
  const record: ApplyRecord = {
    id: `${new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z")}-${randomBytes(3).toString("hex")}`,
    by: actor,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    changes,
    bundle,
    result: "running",
    failedStep: null,
    message: null,
    steps: [],
  };
  const run = new ApplyRun(sup.journal, record);
  await run.save();
  sup.applying = run;
  const plan = {
    changes: changes.map((change) => ({ ...change, archivePath: change.archive ? archivePathOf(sup.site.siteDir, change) : null })),
    ...(bundle && { bundle: bundle.file }),
  };
  void runApply(sup, run, plan)
    .catch((error: unknown) => sup.options.print(`care serve: apply ${record.id} failed unexpectedly: ${(error as Error).message}`))
    .finally(() => {
      if (sup.applying === run) sup.applying = undefined;
      sup.options.print(`care serve: apply ${record.id} ${run.record.result}${run.record.message ? `: ${run.record.message}` : ""}`);
    });
  return structuredClone(record);
}
