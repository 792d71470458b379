import { existsSync } from "node:fs";
import { cp } from "node:fs/promises";
import { basename, join } from "node:path";

/** The root files a fresh copy of the workspace needs to install and build. */
export const workspaceRootFiles = [
  "package.json",
  "pnpm-workspace.yaml",
  "pnpm-lock.yaml",
  "turbo.json",
  "tsconfig.base.json",
  "tsup.config.base.ts",
  ".npmrc",
  ".changeset/config.json",
];

/** Build output, installs, caches and local databases: never copied. */
const skipped = new Set(["node_modules", "dist", ".turbo", ".care", "coverage", "bundle"]);

/**
 * Copies a Care workspace's root files (those of them it has) and the named folders (`packages`,
 * `plugs/lab`...) from `from` to `to`, without build output or caches, for a test or bench to install
 * and build on its own.
 */
export async function copyWorkspaceFiles(from: string, to: string, options: { folders: string[]; rootFiles?: string[] }): Promise<void> {
  for (const file of options.rootFiles ?? workspaceRootFiles) {
    if (existsSync(join(from, file))) await cp(join(from, file), join(to, file));
  }
  const filter = (source: string) => !skipped.has(basename(source));
  for (const folder of options.folders) await cp(join(from, folder), join(to, folder), { recursive: true, filter });
}
