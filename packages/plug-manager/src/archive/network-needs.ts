import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import semver from "semver";
import { parseAllDocuments } from "yaml";
import { bundleDependencyNames } from "./bundled-packages.js";
import { carePackageNames } from "./care-packages.js";
import type { VerifiedArchive } from "./verify.js";

export interface NetworkNeedsOptions {
  /** A workspace root: its own packages count as Care packages, and what its pnpm-lock.yaml holds as already on the site. */
  root?: string;
}

/**
 * The dependencies installing this archive would fetch from a registry, as `name@range`, sorted:
 * each of its package.json's `dependencies` that it does not carry (named in bundleDependencies
 * and present under node_modules/), that is not a Care package (@care/*, or one of `root`'s
 * workspace packages), and, with `root`, that no version in the workspace's pnpm-lock.yaml
 * satisfies (what the workspace installed is in its store, and pnpm takes it from there offline).
 * Peers are left out: the site supplies them (the web app's copies). Empty: it installs offline.
 */
export async function archiveNetworkNeeds(
  verified: Pick<VerifiedArchive, "packageJson" | "bundled">,
  options: NetworkNeedsOptions = {},
): Promise<string[]> {
  const dependencies = (verified.packageJson.dependencies ?? {}) as Record<string, string>;
  const present = new Set(verified.bundled.filter((item) => item.path === `node_modules/${item.name}`).map((item) => item.name));
  const carried = new Set(bundleDependencyNames(verified.packageJson).filter((name) => present.has(name)));
  const isCarePackage = await carePackageNames(options.root);
  const locked = options.root === undefined ? undefined : await lockedVersions(options.root);
  const needs: string[] = [];
  for (const [name, range] of Object.entries(dependencies)) {
    if (carried.has(name) || isCarePackage(name)) continue;
    if (locked && satisfiedBy(locked, name, range)) continue;
    needs.push(`${name}@${range}`);
  }
  return needs.sort();
}

/** Whether a locked version satisfies `range` (`npm:` aliases read as the package they name). */
function satisfiedBy(locked: Map<string, string[]>, name: string, range: string): boolean {
  const alias = /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(range);
  const [real, wanted] = alias ? [alias[1]!, alias[2]!] : [name, range];
  if (!semver.validRange(wanted)) return false;
  return (locked.get(real) ?? []).some((version) => semver.satisfies(version, wanted, { includePrerelease: true }));
}

/**
 * The registry versions pnpm-lock.yaml holds, by package name (keys of `packages` and `snapshots`,
 * peer suffixes dropped; `file:`, `link:` and git entries are not registry versions). pnpm 12 may
 * write the lockfile as two YAML documents; the one with packages counts.
 */
async function lockedVersions(root: string): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const file = join(root, "pnpm-lock.yaml");
  if (!existsSync(file)) return found;
  for (const document of parseAllDocuments(await readFile(file, "utf8"))) {
    if (!("toJS" in document)) continue;
    const lock = document.toJS() as { packages?: Record<string, unknown>; snapshots?: Record<string, unknown> } | null;
    for (const key of [...Object.keys(lock?.packages ?? {}), ...Object.keys(lock?.snapshots ?? {})]) {
      const at = key.indexOf("@", 1);
      const version = key.slice(at + 1).replace(/\(.*$/, "");
      if (at <= 0 || !semver.valid(version)) continue;
      const name = key.slice(0, at);
      found.set(name, [...(found.get(name) ?? []), version]);
    }
  }
  return found;
}
