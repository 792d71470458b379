import { existsSync } from "node:fs";
import { readdir, realpath } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { folderDigest, sha256 } from "./content-digest.js";

/**
 * The content of the code that checks migrations: this package's, the runtime's and the core's
 * built files (the core's schema included), and which versions of their dependencies (PGlite, the
 * SQL parser) they load, by their real folders, which pnpm names by version. A rebuilt checker
 * (a new release, or a change in this repository) makes every cached result stale.
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
  const parts = await Promise.all(
    [own, runtime, core].map(async (dir) => [
      await folderDigest(join(dir, "dist"), (name) => name.endsWith(".js")),
      ...(await dependencyFolders(dir)),
    ]),
  );
  return sha256(JSON.stringify(parts));
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

/** The real folders of a package's direct dependencies (pnpm's store paths carry name@version). */
async function dependencyFolders(dir: string): Promise<string[]> {
  const modules = join(dir, "node_modules");
  const names = (await readdir(modules).catch(() => [] as string[])).filter((name) => !name.startsWith("."));
  const scoped = await Promise.all(
    names.map(async (name) =>
      name.startsWith("@") ? (await readdir(join(modules, name)).catch(() => [] as string[])).map((inner) => `${name}/${inner}`) : [name],
    ),
  );
  const folders = await Promise.all(scoped.flat().map((name) => realpath(join(modules, name)).catch(() => `${name}: missing`)));
  return folders.sort();
}
