import { join, resolve } from "node:path";
import { siteDirOf } from "@care/runtime/supervision";
import { CareCliError } from "../../cli-error.js";
import { deploymentExists, deploymentPaths } from "../../workspace/deployment-paths.js";

/** A deployment as staging sees it: its repository (workspace root and name) and its site folder. */
export interface StagingSite {
  root: string;
  deployment: string;
  /** dirname of the deployment's data folder: where staged/ lives. */
  siteDir: string;
}

/**
 * The site of a deployment of the workspace at `root`: its data folder is CARE_DATA_DIR, or
 * apps/<name>/.care/<name>/data as for `pnpm start` in the deployment's folder (the CLI's commands
 * that open the database use the same), and the site folder is its parent.
 */
export function stagingSite(root: string, deployment: string, env: NodeJS.ProcessEnv = process.env): StagingSite {
  const dataDir = resolve(env.CARE_DATA_DIR || join(deploymentPaths(root, deployment).dir, ".care", deployment, "data"));
  return { root, deployment, siteDir: siteDirOf(dataDir) };
}

/** The site of a deployment that must exist (the CLI's commands name it with -d). */
export function existingStagingSite(root: string, deployment: string): StagingSite {
  const paths = deploymentPaths(root, deployment);
  if (!deploymentExists(paths)) {
    throw new CareCliError(`no deployment "${deployment}": ${paths.config} does not exist`, {
      code: "deployment_missing",
      hint: "name one of the folders in apps/ with -d <name>",
    });
  }
  return stagingSite(root, deployment);
}

/** Where staging keeps its files inside the site folder. */
export function stagingPaths(siteDir: string) {
  const staged = join(siteDir, "staged");
  return {
    staged,
    incoming: join(staged, "incoming"),
    changes: join(staged, "changes.json"),
    lock: join(staged, "changes.lock"),
  };
}
