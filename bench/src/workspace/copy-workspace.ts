import { copyWorkspaceFiles, workspaceRootFiles } from "@care/test-support";
import { childEnv } from "./child-env.js";
import { timedProcess } from "./timed-process.js";

/**
 * Copies the workspace as plug-manager's tests do (both with @care/test-support): no plugs, apps, dist or
 * turbo cache; with .gitignore too, since the bench commits its copies and turbo hashes what git tracks.
 */
export async function copyWorkspace(from: string, to: string): Promise<void> {
  await copyWorkspaceFiles(from, to, { folders: ["packages"], rootFiles: [".gitignore", ...workspaceRootFiles] });
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
