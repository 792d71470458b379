import { existsSync } from "node:fs";
import { readdir, readFile, realpath } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Imports a package as Node would from `fromDir` (its node_modules and those above it), through the
 * package's "import" export for `subpath`: a release's own runtime, and the core its runtime uses,
 * never this CLI's copies.
 */
export async function importPackageFrom<T>(fromDir: string, name: string, subpath = "."): Promise<{ module: T; dir: string }> {
  const lookup = createRequire(join(fromDir, "package.json")).resolve.paths(name) ?? [];
  for (const base of lookup) {
    const dir = join(base, name);
    if (!existsSync(join(dir, "package.json"))) continue;
    const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { exports?: unknown; main?: string };
    const target = exportTarget(manifest, subpath);
    if (!target) throw new Error(`${name} in ${dir} exports no "${subpath}"`);
    const real = await realpath(dir);
    return { module: (await import(pathToFileURL(join(real, target)).href)) as T, dir: real };
  }
  throw new Error(`${name} is not installed in ${fromDir} (looked in ${lookup.join(", ")})`);
}

function exportTarget(manifest: { exports?: unknown; main?: string }, subpath: string): string | undefined {
  if (manifest.exports === undefined) return subpath === "." ? (manifest.main ?? "index.js") : undefined;
  const entry =
    typeof manifest.exports === "string" && subpath === "." ? manifest.exports : (manifest.exports as Record<string, unknown>)[subpath];
  if (typeof entry === "string") return entry;
  const conditions = entry as { import?: unknown; default?: unknown } | undefined;
  const chosen = conditions?.import ?? conditions?.default;
  return typeof chosen === "string" ? chosen : undefined;
}

/** The release's generated manifest as tsup built it: dist/plugs.generated[-<hash>].js. */
export async function releaseManifestFile(release: string): Promise<string> {
  const dist = join(release, "dist");
  const found = (await readdir(dist).catch(() => [] as string[])).filter((name) => /^plugs\.generated(-[\w-]+)?\.js$/.test(name));
  if (found.length !== 1) {
    throw Object.assign(new Error(`${dist} holds ${found.length ? found.join(", ") : "no plugs.generated*.js"}, not one manifest`), {
      code: "release_damaged",
      hint: "the release is not a bundle care bundle made: apply again to build a new one",
    });
  }
  return join(dist, found[0]!);
}
