import { existsSync } from "node:fs";
import { readFile, realpath } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageFilesOf, type PackageFile } from "./package-files.js";

/** What `care bundle` writes beside dist/: each plug's files as bundled, for start to compare. */
export interface BundleDigests {
  version: 1;
  plugs: BundledPlug[];
}

export interface BundledPlug {
  id: string;
  package: string;
  version: string;
  /** sha256-<hex> of the plug's file listing. */
  digest: string;
  /** The trusted publisher whose signature the bundled files matched, when signed. */
  signedBy?: string;
  /** Each file's SHA-256 (hex), or `link:<target>` for a symbolic link, by path in the package. */
  files: Record<string, string>;
}

export const bundleDigestsFile = "plugs.digests.json";

export const filesRecord = (files: readonly PackageFile[]): Record<string, string> =>
  Object.fromEntries(files.map((file) => [file.path, "sha256" in file ? file.sha256 : `link:${file.link}`]));

/** A plug whose installed files are not the bundle's, with how they differ. */
export class BundleTamperedError extends Error {
  override readonly name = "BundleTamperedError";
  readonly code = "bundle_plug_changed";
}

/**
 * When the deployment runs from a bundle (plugs.digests.json in `root`), checks that every plug's
 * installed folder (`node_modules/<package>`, its real path, its own node_modules included) holds
 * exactly the bundled files;
 * throws naming the plug, the changed, added and removed files, and what to do. Without the file
 * (a development run in the workspace) there is nothing to compare with, and nothing is checked.
 */
export async function checkBundleDigests(root: string | URL | undefined): Promise<void> {
  if (root === undefined) return;
  const dir = typeof root === "string" ? root : fileURLToPath(root);
  const file = join(dir, bundleDigestsFile);
  if (!existsSync(file)) return;
  let record: BundleDigests;
  try {
    record = JSON.parse(await readFile(file, "utf8")) as BundleDigests;
    if (record.version !== 1 || !Array.isArray(record.plugs)) throw new Error("it is not version 1 with a plugs list");
  } catch (error) {
    throw new BundleTamperedError(
      `${file} cannot be read (${(error as Error).message}); the bundle was damaged. ` +
        "Restore the bundle from its archive (tar -xzf <name>.tgz) and start again",
    );
  }
  const differences: string[] = [];
  for (const plug of record.plugs) {
    const installed = await realpath(join(dir, "node_modules", plug.package)).catch(() => undefined);
    if (installed === undefined) {
      differences.push(`plug ${plug.id} (${plug.package}@${plug.version}): its folder node_modules/${plug.package} is missing`);
      continue;
    }
    const now = filesRecord(await packageFilesOf(installed));
    const changed = Object.keys(plug.files).filter((path) => path in now && now[path] !== plug.files[path]);
    const removed = Object.keys(plug.files).filter((path) => !(path in now));
    const added = Object.keys(now).filter((path) => !(path in plug.files));
    if (changed.length + removed.length + added.length === 0) continue;
    const list = (what: string, paths: string[]) =>
      paths.length ? [`${what}: ${paths.sort().slice(0, 10).join(", ")}${paths.length > 10 ? ` and ${paths.length - 10} more` : ""}`] : [];
    differences.push(
      `plug ${plug.id} (${plug.package}@${plug.version}${plug.signedBy ? `, signed by ${plug.signedBy}` : ""}) ` +
        `in ${installed} differs from the bundle: ` +
        [...list("changed", changed), ...list("added", added), ...list("removed", removed)].join("; "),
    );
  }
  if (differences.length) {
    throw new BundleTamperedError(
      `refusing to start: the installed plugs are not the ones bundled (${bundleDigestsFile}):\n  ${differences.join("\n  ")}\n` +
        "  Someone or something changed them after bundling. Find out who, then restore the bundle from its archive " +
        "(tar -xzf <name>.tgz into a fresh folder, keeping the data folder) and start again",
    );
  }
}
