import { existsSync } from "node:fs";
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { create, extract } from "tar";
import { CareCliError } from "../cli-error.js";
import { planBundle, type BundlePlacement, type InstalledManifest } from "./bundle-plan.js";
import { installScriptOf } from "./install-scripts.js";
import { noticesFile, thirdPartyNotices, type BundledDependency } from "./third-party-notices.js";

export type { BundledDependency } from "./third-party-notices.js";

/** The date npm and pnpm give every packed entry. */
const packedDate = new Date("1985-10-26T08:15:00.000Z");

/**
 * Puts the plug's runtime dependencies into the tarball pnpm packed, as npm's bundleDependencies:
 * their files under package/node_modules/ (npm's layout, resolved from what pnpm installed for the
 * plug), their names in package.json's `bundleDependencies` (so pnpm installs them from the archive,
 * never from a registry), and a THIRD-PARTY-NOTICES.md naming each with its licence file. Care
 * packages and the plug's peers stay out: the site supplies one copy of each. Leaves the tarball as
 * pnpm made it when there is nothing to bundle. Refuses a dependency that would need to run code to
 * install (an install script or a binding.gyp): a plug archive runs nothing when it is installed.
 */
export async function bundleDependencies(
  tarball: string,
  plugDir: string,
  isCarePackage: (name: string) => boolean,
): Promise<BundledDependency[]> {
  const work = await mkdtemp(join(tmpdir(), "care-pack-"));
  try {
    await extract({ file: tarball, cwd: work });
    const packageDir = join(work, "package");
    const manifest = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as InstalledManifest;
    const peers = new Set(Object.keys(manifest.peerDependencies ?? {}));
    const plan = planBundle({ plugDir, manifest, external: (name) => isCarePackage(name) || peers.has(name) });
    if (plan.length === 0) return [];
    refuseInstallSteps(plan);
    if (manifest.bin !== undefined) {
      throw new CareCliError(`cannot pack ${manifest.name}: it has a "bin", and it bundles dependencies`, {
        code: "pack_source_invalid",
        hint:
          "remove bin from its package.json (pnpm would write command shims into the installed plug's node_modules/.bin, " +
          "files its signature does not cover), or pack with --no-bundle",
      });
    }

    await rm(join(packageDir, "node_modules"), { recursive: true, force: true });
    const bundled: BundledDependency[] = [];
    for (const placement of plan) bundled.push(await copyPackage(placement, join(packageDir, placement.path)));
    const direct = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})]);
    manifest.bundleDependencies = plan
      .filter((item) => item.path === `node_modules/${item.name}` && direct.has(item.name))
      .map((item) => item.name);
    delete manifest.bundledDependencies;
    await writeFile(join(packageDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const notices = join(packageDir, noticesFile);
    const authors = existsSync(notices) ? `${(await readFile(notices, "utf8")).trimEnd()}\n\n` : "";
    await writeFile(notices, authors + thirdPartyNotices(`${manifest.name}@${manifest.version}`, bundled));

    const files = await packableFiles(packageDir, "package");
    // package.json first, so that a streaming reader meets the manifest before anything else.
    files.sort((a, b) => (a === "package/package.json" ? -1 : b === "package/package.json" ? 1 : a < b ? -1 : a > b ? 1 : 0));
    // Synchronous, as `care bundle` packs: tar's streaming pack can stall on many small files.
    const tar = join(work, "plug.tar");
    create({ file: tar, cwd: work, portable: true, mtime: packedDate, noDirRecurse: true, sync: true }, files);
    await writeFile(tarball, gzipSync(await readFile(tar), { level: 9 }));
    return bundled;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function refuseInstallSteps(plan: BundlePlacement[]): void {
  const refused: string[] = [];
  for (const item of plan) {
    const step = installScriptOf(item.manifest, existsSync(join(item.dir, "binding.gyp")));
    if (step) refused.push(`${item.name}@${item.version} (${step})`);
  }
  if (refused.length === 0) return;
  throw new CareCliError(`cannot bundle ${refused.join(", ")}: it runs code when it is installed, and a plug archive runs nothing then`, {
    code: "pack_dependency_not_bundlable",
    hint:
      "use a version or another package that ships its files ready (no install script, no binding.gyp), or pack with --no-bundle " +
      "for sites that install from a registry",
  });
}

/**
 * Copies one installed package to where it goes in the archive: its files, not its own node_modules
 * (its dependencies have places of their own), and no links (an archive holds files only). Its
 * `bin` is dropped: pnpm would write shims for it into the plug's node_modules/.bin, files no
 * signature covers, and nothing runs a plug's dependencies' commands.
 */
async function copyPackage(placement: BundlePlacement, to: string): Promise<BundledDependency> {
  const copy = async (from: string, into: string, top: boolean): Promise<void> => {
    await mkdir(into, { recursive: true });
    for (const entry of await readdir(from, { withFileTypes: true })) {
      if (top && entry.name === "node_modules") continue;
      const source = join(from, entry.name);
      if (entry.isSymbolicLink()) {
        throw new CareCliError(`cannot bundle ${placement.name}@${placement.version}: ${source} is a symbolic link`, {
          code: "pack_dependency_not_bundlable",
          hint: "a plug archive holds files only; use a version of the package without links, or pack with --no-bundle",
        });
      }
      if (entry.isDirectory()) await copy(source, join(into, entry.name), false);
      else if (entry.isFile()) await copyFile(source, join(into, entry.name));
    }
  };
  await copy(placement.dir, to, true);
  const { bin, directories, ...rest } = placement.manifest as InstalledManifest & { directories?: Record<string, unknown> };
  if (bin !== undefined || directories?.bin !== undefined) {
    const { bin: _binFolder, ...otherDirectories } = directories ?? {};
    const kept = directories === undefined ? rest : { ...rest, directories: otherDirectories };
    await writeFile(join(to, "package.json"), `${JSON.stringify(kept, null, 2)}\n`);
  }
  const licence = (await readdir(to)).find((name) => /^(licen[cs]e|copying)([.-].*)?$/i.test(name));
  return {
    name: placement.name,
    version: placement.version,
    path: placement.path,
    license: typeof placement.manifest.license === "string" ? placement.manifest.license : "not stated",
    ...(licence && { licenseFile: `${placement.path}/${licence}` }),
  };
}

/** Every file under `dir`, as `prefix/...` paths, with modes as packers write them (0644, or 0755 when executable). */
async function packableFiles(dir: string, prefix: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await packableFiles(path, `${prefix}/${entry.name}`)));
    else if (entry.isFile()) {
      await chmod(path, (await stat(path)).mode & 0o111 ? 0o755 : 0o644);
      files.push(`${prefix}/${entry.name}`);
    }
  }
  return files;
}
