import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { folderDigest, sha256 } from "./content-digest.js";
import { dependenciesDigest } from "./dependency-digest.js";

/**
 * The content of the code that checks: this package's built files, and everything it loads down to
 * the last dependency (see dependenciesDigest): the runtime's and the core's built files (the core's
 * schema included), the plug contract's, and which versions of PGlite and the SQL parser. A rebuilt
 * checker (a new release, or a change in this repository) makes every cached result stale.
 * Undefined when the packages cannot be found: then nothing is cached.
 */
export function checkerDigest(): Promise<string | undefined> {
  // Hashing the built code takes a moment: once per process, for every cache that keys on it.
  return (computed ??= computeCheckerDigest());
}

let computed: Promise<string | undefined> | undefined;

async function computeCheckerDigest(): Promise<string | undefined> {
  const own = packageDirOf(fileURLToPath(import.meta.url));
  const runtime = resolvedPackageDir("@care/runtime");
  const core = resolvedPackageDir("@care/core");
  if (!own || !runtime || !core) return undefined;
  // The runtime and the core are among this package's dependencies; named too, for an install that resolves them elsewhere.
  const parts = [own, runtime, core].map(async (dir) => [
    await folderDigest(join(dir, "dist"), (name) => name.endsWith(".js")),
    dependenciesDigest(dir),
  ]);
  return sha256(JSON.stringify(await Promise.all(parts)));
}

/** The folder of the package `name` as this package resolves it, or undefined. */
export function resolvedPackageDir(name: string): string | undefined {
  try {
    return packageDirOf(fileURLToPath(import.meta.resolve(name)));
  } catch {
    return undefined;
  }
}

/** The closest folder at or above `file`'s with a package.json. */
export function packageDirOf(file: string): string | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  return undefined;
}
