import { readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { folderDigestSync, sha256 } from "./content-digest.js";
import { realPath } from "./real-path.js";

/**
 * What the packages a package folder loads are, all the way down: for each dependency (dependencies,
 * optional and peer ones), its digest as packageDigest gives it. A changed dependency anywhere below
 * changes it: a rebuilt workspace @care/plug-sdk, another zod version, a lockfile that moved one of
 * pnpm's links.
 */
export function dependenciesDigest(dir: string, manifest = readText(join(dir, "package.json"))): string {
  return sha256(JSON.stringify(dependencyNames(manifest).map((name) => [name, packageDigest(resolveFrom(dir, name))])));
}

/** Package digests by real folder, once per process: 500 plugs share one @care/plug-sdk. */
const digests = new Map<string, string>();

/**
 * An installed package (under a node_modules folder, e.g. pnpm's store, whose folder names carry
 * name@version) by its folder and package.json; a workspace package (a link to a folder of the
 * repository, rebuilt in place) by the content of what it publishes. Either way with its own
 * dependencies. A package met again inside its own dependencies stands for itself by its folder.
 */
function packageDigest(dir: string | undefined): string {
  if (dir === undefined) return "missing";
  const known = digests.get(dir);
  if (known !== undefined) return known;
  digests.set(dir, `cycle ${dir}`);
  const manifest = readText(join(dir, "package.json"));
  const own = dir.includes(`${sep}node_modules${sep}`) ? dir : publishedContent(dir, manifest);
  const digest = sha256(JSON.stringify([own, sha256(manifest ?? ""), dependenciesDigest(dir, manifest)]));
  digests.set(dir, digest);
  return digest;
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
