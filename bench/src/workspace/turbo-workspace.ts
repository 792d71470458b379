import { appendFile, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { childEnv } from "./child-env.js";
import { copyWorkspace, installWorkspace } from "./copy-workspace.js";
import { timedProcess } from "./timed-process.js";
import { writeDeploymentApp } from "./deployment-app.js";
import { syntheticPlug, writePlugPackage, type SyntheticPlug } from "./plug-package.js";

/**
 * A copy of this workspace (packages/*) with `plugCount` plugs built by tsup and two deployments:
 * one lists every plug, the other every plug but the one the measurement touches, so that a
 * touched plug must rebuild the first deployment and leave the second cached.
 */
export interface TurboWorkspace {
  root: string;
  plugs: SyntheticPlug[];
  touched: SyntheticPlug;
  /** Package names: the deployment listing the touched plug, and the one that does not. */
  listing: string;
  notListing: string;
}

export async function createTurboWorkspace(parent: string, repositoryRoot: string, plugCount: number): Promise<TurboWorkspace> {
  const root = await mkdtemp(join(parent, "turbo-builds-"));
  await copyWorkspace(repositoryRoot, root);
  const plugs = Array.from({ length: plugCount }, (_, index) => syntheticPlug(index + 1));
  for (const plug of plugs) await writePlugPackage(join(root, "plugs", plug.id), plug, { migrations: "install", code: "tsup" });
  const touched = plugs.at(-1)!;
  await writeDeploymentApp(root, { name: "all-plugs", plugs }, { buildable: true });
  await writeDeploymentApp(root, { name: "all-but-one", plugs: plugs.filter((plug) => plug !== touched) }, { buildable: true });
  await installWorkspace(root);
  await commitWorkspace(root);
  return { root, plugs, touched, listing: "@care-deploy/all-plugs", notListing: "@care-deploy/all-but-one" };
}

/**
 * A git repository with everything committed, as a real workspace is. Outside one, turbo hashes every
 * file of a package for `$TURBO_DEFAULT$` (node_modules, dist and its own .turbo/turbo-build.log
 * included), so each build changes the next one's inputs and nothing is ever cached; in one, it
 * hashes what git tracks and leaves out what .gitignore lists, as in this repository.
 */
async function commitWorkspace(root: string): Promise<void> {
  const env = {
    ...childEnv(),
    GIT_AUTHOR_NAME: "pnpm bench",
    GIT_AUTHOR_EMAIL: "bench@localhost",
    GIT_COMMITTER_NAME: "pnpm bench",
    GIT_COMMITTER_EMAIL: "bench@localhost",
  };
  await timedProcess("git", ["init", "--quiet"], { cwd: root, env });
  await timedProcess("git", ["add", "--all"], { cwd: root, env });
  await timedProcess("git", ["commit", "--quiet", "--no-verify", "--message", "workspace copy for pnpm bench"], { cwd: root, env });
}

/** Changes the plug's source (a new comment each time, so no earlier build's cache can match). */
export async function touchPlug(workspace: TurboWorkspace, stamp: string): Promise<void> {
  await appendFile(join(workspace.root, "plugs", workspace.touched.id, "src", "index.ts"), `// touched by pnpm bench: ${stamp}\n`);
}
