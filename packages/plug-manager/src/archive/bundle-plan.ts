import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import semver from "semver";
import { CareCliError } from "../cli-error.js";

/** One package `care pack` puts in the archive, where Node will find it from the code that imports it. */
export interface BundlePlacement {
  /** Inside the package: node_modules/a, or node_modules/a/node_modules/b when two versions of b are needed. */
  path: string;
  name: string;
  version: string;
  /** Its installed folder (real path), copied from. */
  dir: string;
  /** Its package.json as installed. */
  manifest: InstalledManifest;
}

export interface InstalledManifest {
  name?: string;
  version?: string;
  license?: unknown;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  scripts?: Record<string, unknown>;
  care?: { plug?: unknown };
  [key: string]: unknown;
}

export interface BundlePlanInput {
  /** The plug's folder, where pnpm installed its dependencies. */
  plugDir: string;
  /** The packed package.json (workspace ranges already made real by pnpm pack). */
  manifest: InstalledManifest;
  /** Packages the archive never carries: Care packages, and the plug's peers (the site supplies one copy). Plugs never either. */
  external: (name: string) => boolean;
}

/**
 * Plans npm's node_modules tree for the plug's runtime dependencies and theirs, from what pnpm
 * installed: each package sits at the top (node_modules/<name>) unless another version took that
 * place, then under the package that needs it. Packages are placed breadth first, so a package's
 * own node_modules is filled before anything below it resolves, and a later placement never hides
 * the copy an earlier package resolved to. Throws CareCliError when a dependency is not installed.
 */
export function planBundle(input: BundlePlanInput): BundlePlacement[] {
  const placed = new Map<string, BundlePlacement>();
  const queue: Array<{ at: string; dir: string; manifest: InstalledManifest; root: boolean }> = [
    { at: "", dir: input.plugDir, manifest: input.manifest, root: true },
  ];
  const missing: string[] = [];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { at, dir, manifest, root } = next;
    for (const [name, range, optional] of requirements(manifest, root)) {
      if (input.external(name)) continue;
      const found = installedPackage(dir, name);
      if (!found) {
        // An optional dependency for another platform, or a peer the plug's site supplies, is not installed here.
        if (!optional) missing.push(`${name}@${range} (${root ? "a dependency of the plug" : `needed by ${manifest.name}`})`);
        continue;
      }
      if (!found.dir.split(sep).includes("node_modules")) continue; // a linked local folder: the workspace's own
      // Another plug is the deployment's to install, once: a copy inside this one would be a second, unchecked plug.
      if (found.manifest.care?.plug !== undefined) continue;
      const version = found.manifest.version ?? "0.0.0";
      if (root && semver.validRange(range) && !semver.satisfies(version, range, { includePrerelease: true })) {
        missing.push(`${name}@${range} (${version} is installed)`);
        continue;
      }
      const seen = resolveFrom(placed, at, name);
      if (seen?.version === version) continue;
      const path = seen ? `${at}/node_modules/${name}` : `node_modules/${name}`;
      const placement = { path: path.replace(/^\//, ""), name, version, dir: found.dir, manifest: found.manifest };
      placed.set(placement.path, placement);
      queue.push({ at: placement.path, dir: found.dir, manifest: found.manifest, root: false });
    }
  }
  if (missing.length) {
    throw new CareCliError(`cannot bundle the plug's dependencies: not installed in ${input.plugDir}: ${missing.join(", ")}`, {
      code: "pack_dependency_missing",
      hint: "install them (pnpm install in the workspace), build the plug, and run care pack again",
    });
  }
  return [...placed.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** What a package needs at run time: its dependencies, optional ones, and (below the plug) its peers. */
function requirements(manifest: InstalledManifest, root: boolean): Array<[string, string, boolean]> {
  const optional = manifest.optionalDependencies ?? {};
  const entries: Array<[string, string, boolean]> = [
    ...Object.entries(manifest.dependencies ?? {}).map(([name, range]): [string, string, boolean] => [name, range, name in optional]),
    ...Object.entries(optional).map(([name, range]): [string, string, boolean] => [name, range, true]),
    // The plug's own peers are the site's; a bundled package's peers come with it when installed beside it.
    ...(root ? [] : Object.entries(manifest.peerDependencies ?? {}).map(([name, range]): [string, string, boolean] => [name, range, true])),
  ];
  const unique = new Map(entries.map((entry) => [entry[0], entry]));
  return [...unique.values()].sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Where Node finds `name` from code in `at`: its own node_modules, then each enclosing package's, then the top. */
function resolveFrom(placed: Map<string, BundlePlacement>, at: string, name: string): BundlePlacement | undefined {
  let location = at;
  for (;;) {
    const found = placed.get(location === "" ? `node_modules/${name}` : `${location}/node_modules/${name}`);
    if (found || location === "") return found;
    const cut = location.lastIndexOf("node_modules/");
    location = location.slice(0, Math.max(0, cut - 1));
  }
}

/** The package Node would load for `name` from a file in `fromDir`, read from the disk (pnpm's links followed). */
function installedPackage(fromDir: string, name: string): { dir: string; manifest: InstalledManifest } | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) {
      const real = realpathSync(candidate);
      return { dir: real, manifest: JSON.parse(readFileSync(join(real, "package.json"), "utf8")) as InstalledManifest };
    }
    if (dirname(dir) === dir) return undefined;
  }
}
