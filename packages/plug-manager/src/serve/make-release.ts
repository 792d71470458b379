import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { checkBundleDigests, sha256OfFile } from "@care/runtime/tooling";
import { extract } from "tar";
import { CareCliError } from "../cli-error.js";
import { incomingReleaseDir, nextReleaseId, releaseDir } from "./releases.js";
import type { SiteFiles } from "./site-files.js";

/** Moves a bundle folder `care bundle` just wrote (apps/<name>/bundle/<name>) into the next release; answers its id. */
export async function releaseFromBundle(site: SiteFiles, folder: string): Promise<string> {
  const id = await nextReleaseId(site);
  await mkdir(site.releases, { recursive: true });
  const incoming = incomingReleaseDir(site, id);
  // The bundle folder may be on another file system: then copy, keeping pnpm's symlinks as they are.
  await rename(folder, incoming).catch(() => cp(folder, incoming, { recursive: true, verbatimSymlinks: true }));
  await rename(incoming, releaseDir(site, id));
  return id;
}

/**
 * Unpacks a bundle tarball built elsewhere (CI's `care bundle`) into the next release, once it is
 * known to be a bundle of this deployment whose plug files are the ones it recorded
 * (plugs.digests.json, as the runtime checks at start). Anything else is refused, and no release is left.
 */
export async function releaseFromTarball(site: SiteFiles, tarball: string): Promise<{ id: string; sha256: string }> {
  if (!existsSync(tarball)) {
    throw new CareCliError(`${tarball} does not exist on this server`, {
      code: "bundle_file_missing",
      hint: "give the path of the .tgz care bundle wrote (apps/<name>/bundle/<name>.tgz), copied to this server",
    });
  }
  const sha256 = await sha256OfFile(tarball);
  const id = await nextReleaseId(site);
  const incoming = incomingReleaseDir(site, id);
  await mkdir(incoming, { recursive: true });
  try {
    await extract({ file: tarball, cwd: incoming, strict: true }).catch((error: Error) => {
      throw refused(tarball, `it is not a readable gzip tar (${error.message})`);
    });
    const entries = await readdir(incoming);
    if (entries.length !== 1) throw refused(tarball, `it holds ${entries.length} top-level entries, not one bundle folder`);
    const folder = join(incoming, entries[0]!);
    const manifest = await readFile(join(folder, "package.json"), "utf8").catch(() => undefined);
    const name = manifest === undefined ? undefined : (JSON.parse(manifest) as { name?: string }).name;
    if (name !== `@care-deploy/${site.deployment}`) {
      throw refused(
        tarball,
        name ? `it is a bundle of ${name}, not of @care-deploy/${site.deployment}` : "it has no bundle's package.json",
      );
    }
    if (!existsSync(join(folder, "dist/main.js")) || !existsSync(join(folder, "plugs.digests.json"))) {
      throw refused(tarball, "it lacks dist/main.js or plugs.digests.json: it is not what care bundle writes");
    }
    await checkBundleDigests(folder).catch((error: Error) => {
      throw refused(tarball, error.message);
    });
    await rename(folder, releaseDir(site, id));
    return { id, sha256 };
  } finally {
    await rm(incoming, { recursive: true, force: true });
  }
}

function refused(tarball: string, why: string): CareCliError {
  return new CareCliError(`${tarball} cannot be applied to this deployment: ${why}`, {
    code: "bundle_refused",
    hint: "apply the .tgz that care bundle -d <this deployment> wrote, unchanged",
  });
}
