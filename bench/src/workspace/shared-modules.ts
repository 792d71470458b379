import { mkdir, realpath, symlink } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

/** node_modules/<name> → target, relative as pnpm links it. */
export async function linkPackage(nodeModules: string, name: string, target: string): Promise<void> {
  const link = join(nodeModules, name);
  await mkdir(dirname(link), { recursive: true });
  await symlink(relative(dirname(link), target), link, "dir");
}

/**
 * What synthetic plugs import, linked into `root`/node_modules: this repository's @care/plug-sdk
 * (so plugs and the bench share one runtime) and its zod.
 */
export async function linkSharedModules(root: string, repositoryRoot: string): Promise<void> {
  await linkPackage(join(root, "node_modules"), "@care/plug-sdk", join(repositoryRoot, "packages/plug-sdk"));
  await linkPackage(join(root, "node_modules"), "zod", await realpath(join(repositoryRoot, "packages/plug-sdk/node_modules/zod")));
}
