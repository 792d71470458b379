import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { StagedChange } from "@care/runtime/supervision";
import { checksumLine, sha256File } from "../../archive/checksum.js";
import { CareCliError } from "../../cli-error.js";
import { addPlug } from "../../sync/add-plug.js";
import { readPlugsLock } from "../../sync/lockfile.js";
import { syncDeployment } from "../../sync/sync-deployment.js";
import { switchPlug } from "../../sync/toggle-plug.js";
import { deploymentPaths } from "../../workspace/deployment-paths.js";
import { removePlugEntry, setPlugPackage } from "./plug-entry-edit.js";

/** A staged change as the build gets it: with its archive's path in the site folder, if it has one. */
export type BuildChange = StagedChange & { archivePath: string | null };

/**
 * Makes each staged change in the deployment's repository with the functions the CLI uses (`care
 * plug add` for a new plug's archive, copied into apps/<name>/vendor/; `care plug disable|enable`;
 * an upgrade or a removal edits the plug's entry, then syncs), every install from the local store
 * only. Each one is reviewed already (it was staged), so none asks.
 */
export async function applyChanges(root: string, deployment: string, changes: BuildChange[], log: (line: string) => void): Promise<void> {
  const paths = deploymentPaths(root, deployment);
  const sync = { root, deployment, log, offline: true };
  for (const change of changes) {
    log(`${change.kind} plug ${change.plug}${change.version ? ` ${change.version}` : ""}`);
    if (change.kind === "add") {
      const spec = await vendorCopy(paths.dir, change);
      await addPlug({ ...sync, spec, from: paths.dir, id: change.plug, yes: true });
    } else if (change.kind === "upgrade") {
      const spec = await vendorCopy(paths.dir, change);
      await setPlugPackage(paths.config, change.plug, `file:${spec}`);
      // The plug keeps its id and package; a workspace or registry plug now comes from this archive.
      const locked = (await readPlugsLock(paths.lockfile))?.plugs.find((line) => line.id === change.plug);
      await syncDeployment({ ...sync, ...(locked && locked.source !== "file" && { allowSourceChange: [change.plug] }) });
    } else if (change.kind === "remove") {
      await removePlugEntry(paths.config, change.plug);
      await syncDeployment(sync);
    } else {
      await switchPlug({ ...sync, id: change.plug, enabled: change.kind === "enable" });
    }
  }
}

/**
 * Copies a staged archive into apps/<name>/vendor/ under pnpm pack's name for it, with the
 * .sha256 beside it that `care sync` checks; answers the path as plug.config.ts names it.
 */
async function vendorCopy(deploymentDir: string, change: BuildChange): Promise<string> {
  if (!change.archivePath || !change.package || !change.version) {
    throw new CareCliError(`the staged ${change.kind} of plug ${change.plug} has no archive`, {
      code: "staged_archive_missing",
      hint: "discard this staged change and stage the plug's archive again",
    });
  }
  const name = `${change.package.replace(/^@/, "").replace("/", "-")}-${change.version}.tgz`;
  const vendor = join(deploymentDir, "vendor");
  await mkdir(vendor, { recursive: true });
  await copyFile(change.archivePath, join(vendor, name));
  const sha256 = await sha256File(join(vendor, name));
  if (change.archive && change.archive.sha256 !== sha256) {
    throw new CareCliError(`the staged archive ${change.archivePath} changed after it was staged (its SHA-256 is now ${sha256})`, {
      code: "staged_archive_changed",
      hint: "discard this staged change and stage the plug's archive again",
    });
  }
  await writeFile(join(vendor, `${name}.sha256`), checksumLine(sha256, name));
  return `./vendor/${name}`;
}
