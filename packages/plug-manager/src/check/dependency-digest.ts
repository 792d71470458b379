import { readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { folderDigestSync, sha256 } from "./content-digest.js";
import { realPath } from "./real-path.js";

/**
 * What a package folder loads, all the way down: for each of its dependencies (dependencies,
 * optional and peer ones), the digest of every package reachable from it (closureDigest). A change
 * anywhere below changes it: a rebuilt workspace @care/plug-sdk, another zod version, a lockfile
 * that moved one of pnpm's links.
 */
export function dependenciesDigest(dir: string): string {
  return sha256(JSON.stringify(dependenciesOf(dir).map(([name, found]) => [name, closureDigest(found)])));
}

/** Closure digests by real folder, once per process: 500 plugs share one @care/plug-sdk. */
const closures = new Map<string, string>();

/** A package and every package reachable from it, each by its own digest (ownDigest); cycles included. */
function closureDigest(dir: string | undefined): string {
  if (dir === undefined) return "missing";
  return remembered(closures, dir, () => {
    const reached = new Set<string>();
    const missing: string[] = [];
    const waiting = [dir];
    while (waiting.length > 0) {
      const at = waiting.pop()!;
      if (reached.has(at)) continue;
      reached.add(at);
      for (const [name, found] of dependenciesOf(at)) {
        if (found === undefined) missing.push(`${name} from ${at}`);
        else waiting.push(found);
      }
    }
    return sha256(JSON.stringify([[...reached].sort().map((at) => [at, ownDigest(at)]), missing.sort()]));
  });
}

/** Its dependencies by name, with the folder Node finds each in (undefined: nowhere). */
function dependenciesOf(dir: string): [string, string | undefined][] {
  return remembered(dependencyLists, dir, () => dependencyNames(manifestOf(dir)).map((name) => [name, resolveFrom(dir, name)]));
}

/**
 * A package's own digest: an installed one (under a node_modules folder, e.g. pnpm's store, whose
 * folder names carry name@version) by its folder, a workspace one (a link into the repository,
 * rebuilt in place) by the content it publishes; either way with its package.json.
 */
function ownDigest(dir: string): string {
  return remembered(owns, dir, () => {
    const manifest = manifestOf(dir);
    const content = dir.includes(`${sep}node_modules${sep}`) ? [] : publishedContent(dir, manifest);
    return sha256(JSON.stringify([sha256(manifest ?? ""), content]));
  });
}

const manifestOf = (dir: string) => remembered(manifests, dir, () => readText(join(dir, "package.json")));

const dependencyLists = new Map<string, [string, string | undefined][]>();
const owns = new Map<string, string>();
const manifests = new Map<string, string | undefined>();

function remembered<T>(map: Map<string, T>, key: string, compute: () => T): T {
  if (map.has(key)) return map.get(key) as T;
  const value = compute();
  map.set(key, value);
  return value;
}

/**
 * The files a workspace package publishes, which are what loads: its package.json `files` when they
 * name plain paths, else the whole folder but its node_modules; without type declarations and maps.
 */
function publishedContent(dir: string, manifest: string | undefined): string[] {
  const files = (parse(manifest) as { files?: unknown }).files;
  const plain = Array.isArray(files) && files.every((entry) => typeof entry === "string" && !/[*?[\]{}!]/.test(entry));
  const paths = plain ? (files as string[]).sort() : ["."];
  return paths.map((path) => `${path} ${folderDigestSync(join(dir, path), loadable, (name) => name === "node_modules")}`);
}

/** Type declarations and source maps never load. */
const loadable = (name: string) => !/\.(map|d\.[cm]?ts)$/.test(name);

/** The folder Node loads `name` from for code in `dir`: the nearest node_modules/<name> upwards, by its real path. */
function resolveFrom(dir: string, name: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const candidate = join(at, "node_modules", name);
    let found = resolved.get(candidate);
    if (found === undefined) {
      found = realPath(candidate) ?? null;
      resolved.set(candidate, found);
    }
    if (found !== null) return found;
    if (dirname(at) === at) return undefined;
  }
}

/** Candidate folders looked up before, by path: the plugs of a workspace share their parents' node_modules. */
const resolved = new Map<string, string | null>();

function dependencyNames(manifest: string | undefined): string[] {
  const fields = parse(manifest) as Record<string, unknown>;
  const names = ["dependencies", "optionalDependencies", "peerDependencies"].flatMap((field) => {
    const listed = fields[field];
    return typeof listed === "object" && listed !== null ? Object.keys(listed) : [];
  });
  return [...new Set(names)].sort();
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function parse(text: string | undefined): unknown {
  try {
    const value: unknown = JSON.parse(text ?? "{}");
    return typeof value === "object" && value !== null ? value : {};
  } catch {
    return {};
  }
}
