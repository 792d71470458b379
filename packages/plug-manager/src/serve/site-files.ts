import { join, resolve } from "node:path";
import { siteDirOf, supervisorSocketPath } from "@care/runtime/supervision";
import { deploymentPaths } from "../workspace/deployment-paths.js";

/** Where a supervised deployment keeps what it runs and what it did, all in its site folder. */
export interface SiteFiles {
  /** The workspace holding the deployment's repository. */
  root: string;
  deployment: string;
  /** The data folder, absolute: the one `pnpm start` in apps/<name> uses, so a release's cwd never moves it. */
  dataDir: string;
  /** dirname(dataDir): staged/, releases/, applies.jsonl, the socket. */
  siteDir: string;
  releases: string;
  /** Names the release that runs (its id, one line). */
  current: string;
  journal: string;
  /** Per apply: its repository snapshot and what a recovery needs (applies/<id>/). */
  applies: string;
  socket: string;
  /** Held by the one `care serve` of this deployment. */
  lock: string;
  /** The processes the supervisor started, so a successor can stop those it left behind. */
  children: string;
}

/**
 * The site of a deployment of the workspace at `root`: its data folder is CARE_DATA_DIR, or
 * apps/<name>/.care/<name>/data as for `pnpm start` in the deployment's folder (what the CLI's
 * database commands and staging use too), and the site folder is its parent.
 */
export function siteFiles(root: string, deployment: string, env: NodeJS.ProcessEnv = process.env): SiteFiles {
  const dataDir = resolve(env.CARE_DATA_DIR || join(deploymentPaths(root, deployment).dir, ".care", deployment, "data"));
  const siteDir = siteDirOf(dataDir);
  return {
    root,
    deployment,
    dataDir,
    siteDir,
    releases: join(siteDir, "releases"),
    current: join(siteDir, "releases", "current"),
    journal: join(siteDir, "applies.jsonl"),
    applies: join(siteDir, "applies"),
    socket: supervisorSocketPath(siteDir),
    lock: join(siteDir, "supervisor.lock"),
    children: join(siteDir, "supervisor.children.json"),
  };
}
