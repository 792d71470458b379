import { existsSync } from "node:fs";
import { cp } from "node:fs/promises";
import { basename, join } from "node:path";
import { childEnv } from "./child-env.js";
import { timedProcess } from "./timed-process.js";

/** What a fresh workspace needs from this one: the root files and packages/*, without build output or caches. */
const rootFiles = [
  ".gitignore",
  "package.json",
  "pnpm-workspace.yaml",
  "pnpm-lock.yaml",
  "turbo.json",
  "tsconfig.base.json",
  "tsup.config.base.ts",
  ".npmrc",
  ".changeset/config.json",
];
const skipped = new Set(["node_modules", "dist", ".turbo", ".care", "coverage", "bundle"]);

/** Copies the workspace as plug-manager's tests do (test/temp-workspace.ts): no plugs, apps, dist or turbo cache. */
export async function copyWorkspace(from: string, to: string): Promise<void> {
  for (const file of rootFiles) {
    if (existsSync(join(from, file))) await cp(join(from, file), join(to, file));
  }
  await cp(join(from, "packages"), join(to, "packages"), { recursive: true, filter: (source) => !skipped.has(basename(source)) });
}

/** `pnpm install` from the local store only, or with --prefer-offline when the store lacks something. */
export async function installWorkspace(root: string): Promise<void> {
  const env = childEnv();
  try {
    await timedProcess("pnpm", ["install", "--offline", "--no-frozen-lockfile"], { cwd: root, env });
  } catch {
    await timedProcess("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"], { cwd: root, env });
  }
}
