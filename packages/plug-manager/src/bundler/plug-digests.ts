import { readFile, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bundleDigestsFile, fileListing, filesRecord, listingDigest, packageFilesOf, type BundleDigests } from "@care/runtime/tooling";
import { CareCliError, isCareCliError } from "../cli-error.js";
import type { DeploymentConfig } from "../deployment-config.js";
import { readPlugsLock } from "../sync/lockfile.js";
import { checkPlugTrust } from "../trust/index.js";

/**
 * Records each plug's files as gathered into the bundle (plugs.digests.json beside dist/), after
 * judging the gathered copy by the trust policy: a signed plug's bundled files must be exactly
 * what its publisher signed. Start compares the installed plugs with this record.
 */
export async function writePlugDigests(folder: string, lockfile: string, config: DeploymentConfig): Promise<BundleDigests> {
  const lock = await readPlugsLock(lockfile);
  if (!lock)
    throw new CareCliError(`${lockfile} is missing, so which plugs to record is unknown`, {
      code: "plugs_lock_missing",
      hint: "run pnpm care sync, then bundle again",
    });
  const digests: BundleDigests = { version: 1, plugs: [] };
  for (const line of lock.plugs) {
    const installed = join(folder, "node_modules", line.package);
    const dir = await realpath(installed).catch(() => {
      throw new CareCliError(`plug ${line.id}: ${line.package} is not in the gathered bundle (${installed})`, {
        code: "bundle_plug_missing",
        hint: "run pnpm care sync, then bundle again",
      });
    });
    const version = (JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { version?: string }).version ?? line.version;
    const trust = await checkPlugTrust({
      id: line.id,
      packageName: line.package,
      version,
      dir,
      source: line.source,
      policy: config.trust,
    }).catch((error: unknown) => {
      if (!isCareCliError(error)) throw error;
      throw new CareCliError(`the bundle's copy of plug ${line.id} was refused: ${error.message}`, {
        code: error.code,
        hint:
          `pnpm deploy gathered files that differ from what was checked at sync; ` +
          `${error.hint ?? "run pnpm care sync, then bundle again"}`,
      });
    });
    const files = await packageFilesOf(dir);
    digests.plugs.push({
      id: line.id,
      package: line.package,
      version,
      digest: listingDigest(fileListing(files)),
      ...(trust.publisher !== undefined && { signedBy: trust.publisher }),
      files: filesRecord(files),
    });
  }
  await writeFile(join(folder, bundleDigestsFile), `${JSON.stringify(digests, null, 2)}\n`);
  return digests;
}
