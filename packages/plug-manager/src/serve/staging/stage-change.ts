import { randomBytes } from "node:crypto";
import { rename } from "node:fs/promises";
import type { StagedChange, StageRequest } from "@care/runtime/supervision";
import { CareCliError } from "../../cli-error.js";
import { withChangesLock } from "./changes-lock.js";
import { readChanges, writeChanges } from "./changes-file.js";
import { deploymentState } from "./deployed-plugs.js";
import { inspectArchive } from "./inspect-archive.js";
import { dropUpload, uploadOf } from "./receive-upload.js";
import type { StagingSite } from "./site.js";
import { archivePathOf, dropUnusedArchives } from "./staged-changes.js";

export interface StageResult {
  change: StagedChange;
  /** The change staged before for the same plug, which this one replaced (one change per plug). */
  replaced: StagedChange | null;
}

/**
 * Stages a change for the next apply. `{ token }`: the uploaded archive is inspected again (the
 * deployment may have changed since), moved to staged/<sha256>.tgz and recorded as an add or an
 * upgrade; `{ kind, plug }` switches a plug of the deployment off or on, or removes it. A plug has
 * one staged change at most: a new one replaces the one before (`replaced` says which).
 */
export async function stageChange(site: StagingSite, request: StageRequest, actor: string): Promise<StageResult> {
  const stagedAt = new Date().toISOString();
  const id = randomBytes(6).toString("hex");
  if ("token" in request) {
    const upload = await uploadOf(site.siteDir, request.token);
    const inspection = await inspectArchive({ ...site, file: upload.file, originalName: upload.note.originalName }).catch(
      async (error: unknown) => {
        await dropUpload(site.siteDir, request.token);
        throw error;
      },
    );
    const change: StagedChange = {
      id,
      kind: inspection.change,
      plug: inspection.plug.id,
      package: inspection.plug.package,
      version: inspection.plug.version,
      fromVersion: inspection.upgrade?.from ?? null,
      archive: { name: inspection.file.name, sha256: inspection.file.sha256 },
      stagedBy: actor,
      stagedAt,
    };
    return record(site.siteDir, change, async () => {
      await rename(upload.file, archivePathOf(site.siteDir, change));
      await dropUpload(site.siteDir, request.token);
    });
  }
  const state = await deploymentState(site.root, site.deployment);
  const plug = state.plugs.find((candidate) => candidate.id === request.plug);
  if (!plug) {
    const ids = state.plugs.map((candidate) => candidate.id);
    throw new CareCliError(`deployment ${site.deployment} has no plug "${request.plug}"; nothing was staged`, {
      code: "plug_not_in_deployment",
      hint: ids.length ? `its plugs are: ${ids.join(", ")}` : "it has no plugs yet",
    });
  }
  if ((request.kind === "disable" && !plug.enabled) || (request.kind === "enable" && plug.enabled)) {
    throw new CareCliError(`plug ${plug.id} is switched ${plug.enabled ? "on" : "off"} already; nothing was staged`, {
      code: "change_not_needed",
      hint: `to switch it ${plug.enabled ? "off" : "on"}, stage --${plug.enabled ? "disable" : "enable"} ${plug.id}`,
    });
  }
  const change: StagedChange = {
    id,
    kind: request.kind,
    plug: plug.id,
    package: plug.package ?? null,
    version: request.kind === "remove" ? null : (plug.version ?? null),
    fromVersion: request.kind === "remove" ? (plug.version ?? null) : null,
    archive: null,
    stagedBy: actor,
    stagedAt,
  };
  return record(site.siteDir, change, async () => {});
}

/** Adds the change under the lock, replacing the plug's previous one; `place` puts its archive in place first. */
async function record(siteDir: string, change: StagedChange, place: () => Promise<void>): Promise<StageResult> {
  return withChangesLock(siteDir, async () => {
    const before = await readChanges(siteDir);
    const replaced = before.find((item) => item.plug === change.plug) ?? null;
    const after = [...before.filter((item) => item.plug !== change.plug), change];
    await place();
    try {
      await writeChanges(siteDir, after);
    } catch (error) {
      // The archive is not recorded: leave no file nobody owns.
      await dropUnusedArchives(siteDir, before, [change]);
      throw error;
    }
    await dropUnusedArchives(siteDir, after, replaced ? [replaced] : []);
    return { change, replaced };
  });
}
