import { installScriptOf } from "./install-scripts.js";
import type { ArchiveProblem } from "./problem.js";

/** A package an archive carries under node_modules/ (npm's bundleDependencies), as its package.json says. */
export interface BundledPackage {
  /** Where it is inside the package: node_modules/a, or node_modules/a/node_modules/@s/b. */
  path: string;
  name: string;
  version: string;
}

/** One package name as a folder: `name` or `@scope/name` (never `.bin`, `.pnpm` or `.cache`). */
const packageFolder = "(?:@[^/.][^/]*/)?[^/.][^/]*";
const atPackage = (file: string) => new RegExp(`^package/((?:node_modules/${packageFolder}/)+)${file}$`);
const manifestAt = atPackage(String.raw`package\.json`);
const bindingGypAt = atPackage(String.raw`binding\.gyp`);

/**
 * The bundled package a file of the archive (path as the installer writes it, `package/...`) is the
 * package.json of, as its place (`node_modules/a`); undefined for any other file.
 */
export const bundledManifestOf = (path: string): string | undefined => manifestAt.exec(path)?.[1]?.replace(/\/$/, "");
/** The same for a binding.gyp at a bundled package's root, which npm compiles when it installs it. */
export const bundledBindingGypOf = (path: string): string | undefined => bindingGypAt.exec(path)?.[1]?.replace(/\/$/, "");

/** The names the plug's package.json says it bundles (`bundleDependencies`, or npm's other spelling; `true`: all its dependencies). */
export function bundleDependencyNames(packageJson: Record<string, unknown>): string[] {
  const listed = packageJson.bundleDependencies ?? packageJson.bundledDependencies;
  if (listed === true) return Object.keys((packageJson.dependencies as Record<string, string> | undefined) ?? {});
  return Array.isArray(listed) ? listed.filter((name): name is string => typeof name === "string") : [];
}

export interface BundledInput {
  /** The package.json of each bundled package, by place. */
  manifests: Map<string, Buffer>;
  /** The places whose package has a binding.gyp. */
  bindingGyps: Set<string>;
  /** The plug's own package.json. */
  packageJson: Record<string, unknown>;
}

/**
 * Reads the bundled packages and says what is wrong with them: one that would run code when
 * installed (refused whatever the installer: npm runs install scripts of bundled packages), and a
 * name the plug lists in bundleDependencies that the archive does not carry (no installer would
 * fetch it, so the plug would fail to load).
 */
export function bundledPackagesOf(input: BundledInput): { bundled: BundledPackage[]; problems: ArchiveProblem[] } {
  const bundled: BundledPackage[] = [];
  const problems: ArchiveProblem[] = [];
  for (const [path, text] of [...input.manifests].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const entry = `package/${path}/package.json`;
    let manifest: { name?: unknown; version?: unknown; scripts?: unknown };
    try {
      manifest = JSON.parse(text.toString("utf8")) as typeof manifest;
    } catch (error) {
      problems.push({
        code: "archive_manifest_invalid",
        entry,
        problem: `is not valid JSON (${(error as Error).message}), so what this bundled package would run cannot be read`,
        fix: "do not install this archive; re-create it with care pack",
      });
      continue;
    }
    const name = typeof manifest.name === "string" ? manifest.name : path.slice(path.lastIndexOf("node_modules/") + 13);
    const version = typeof manifest.version === "string" ? manifest.version : "unknown";
    bundled.push({ path, name, version });
    const step = installScriptOf(manifest, input.bindingGyps.has(path));
    if (step) {
      problems.push({
        code: "archive_bundled_install_script",
        entry: step.startsWith("it has a binding.gyp") ? `package/${path}/binding.gyp` : entry,
        problem: `belongs to the bundled package ${name}@${version}, and ${step} when it is installed; a plug archive runs nothing then`,
        fix: "do not install this archive; ask its publisher for one whose bundled packages ship ready files (care pack refuses these)",
      });
    }
  }
  const present = new Set(bundled.map((item) => item.path));
  for (const name of bundleDependencyNames(input.packageJson)) {
    if (present.has(`node_modules/${name}`)) continue;
    problems.push({
      code: "archive_bundled_missing",
      entry: "package/package.json",
      problem:
        `lists ${name} in bundleDependencies, but the archive has no package/node_modules/${name}/package.json; installers ` +
        "never fetch a bundled package, so the plug would not load",
      fix: "do not install this archive; re-create it with care pack, which puts every bundled package in",
    });
  }
  return { bundled, problems };
}
