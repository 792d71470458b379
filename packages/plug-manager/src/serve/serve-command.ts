import { rm } from "node:fs/promises";
import { CareCliError } from "../cli-error.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { runBuild } from "./build/run-build.js";
import { startControlServer } from "./control-server.js";
import { untilServing } from "./health-gate.js";
import { stopLeftovers } from "./leftover-processes.js";
import { releaseFromBundle } from "./make-release.js";
import { recoverInterruptedApplies } from "./recover-apply.js";
import { currentRelease, listReleases, setCurrentRelease } from "./releases.js";
import { takeServeLock } from "./serve-lock.js";
import { siteFiles } from "./site-files.js";
import { Supervisor } from "./supervisor.js";

export interface ServeOptions {
  deployment: string;
  /** Seconds /health/ready must answer 200 after an apply's start (default 30). */
  healthWindow?: number;
  /** Seconds a release may take to serve and be ready (default 120). */
  startTimeout?: number;
}

const say = (line: string) => void process.stdout.write(`${line}\n`);

/**
 * `care serve -d <name>`: runs the deployment under a supervisor on the site's server. Takes the
 * site's lock, stops what a killed predecessor left running, makes release 1 if there is none (the
 * deployment bundled as care bundle does), rolls back an apply its predecessor was killed during,
 * starts the current release, then answers the control API on its socket until SIGINT/SIGTERM.
 */
export async function serveCommand(root: string, options: ServeOptions): Promise<void> {
  const paths = deploymentPaths(root, options.deployment);
  if (!deploymentExists(paths)) {
    throw new CareCliError(`no deployment "${options.deployment}": ${paths.config} does not exist`, {
      code: "deployment_missing",
      hint: "name one of the folders in apps/ with -d <name>",
    });
  }
  const site = siteFiles(root, options.deployment);
  const releaseLock = takeServeLock(site);
  const sup = new Supervisor({
    site,
    healthWindowMs: (options.healthWindow ?? 30) * 1000,
    startTimeoutMs: (options.startTimeout ?? 120) * 1000,
    print: say,
  });
  let serving = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (serving) return void sup.shutdown(0);
      // Still starting (building release 1, recovering): what it started stops with it (child-guard).
      releaseLock();
      process.exit(1);
    });
  }
  try {
    say(`care serve: supervising ${options.deployment}; site folder ${site.siteDir}`);
    for (const left of await stopLeftovers(site)) say(`care serve: stopped process ${left}, left running by a care serve that was killed`);
    sup.release = await currentRelease(site);
    if (sup.release === undefined) sup.release = await firstRelease(sup);
    await recoverInterruptedApplies(sup);
    sup.release = (await currentRelease(site)) ?? sup.release;
    if (!sup.proc) sup.run(sup.release);
    const server = await startControlServer(sup);
    serving = true;
    say(`care serve: release ${sup.release} runs; control socket ${site.socket}`);
    const first = sup.proc!;
    void untilServing(first, sup.options.startTimeoutMs).then(
      (url) => say(`care serve: release ${sup.release} serves at ${url}`),
      // It did not serve: the supervisor restarts it (or gives up) and says so.
      () => {},
    );
    say(
      `care serve: stage plug archives with pnpm care stage <archive> -d ${options.deployment} (or the console), ` +
        `apply with pnpm care apply -d ${options.deployment}`,
    );
    const code = await sup.ended;
    await server.close();
    await rm(site.socket, { force: true });
    say(code === 0 ? "care serve: stopped" : "care serve: stopped, giving up on the release (see above)");
    releaseLock();
    // An apply cut short by the signal may still have work queued: the journal keeps it "running" for the next start.
    process.exit(code);
  } finally {
    releaseLock();
  }
}

/** No release is current: the newest there is (a crash between making and naming it), or release 1 bundled now. */
async function firstRelease(sup: Supervisor): Promise<string> {
  const newest = (await listReleases(sup.site)).at(-1);
  const id = newest ?? (await buildReleaseOne(sup));
  await setCurrentRelease(sup.site, id);
  return id;
}

async function buildReleaseOne(sup: Supervisor): Promise<string> {
  say(`care serve: ${sup.site.deployment} has no release yet; bundling it (as care bundle does) into release 1`);
  const built = await runBuild({ root: sup.site.root, deployment: sup.site.deployment, changes: [] }, say, sup.processes);
  return releaseFromBundle(sup.site, built.folder);
}
