import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "tar";
import { describeProblem } from "@care/runtime/tooling";
import { checkDeployment } from "../check/check-deployment.js";
import { CareCliError } from "../cli-error.js";
import { loadDeploymentConfig } from "../sync/load-config.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { runCommand } from "../workspace/run-command.js";
import { timedStep } from "../workspace/timed-step.js";
import { writePlugDigests } from "./plug-digests.js";

export interface BundleResult {
  /** The self-contained folder: `node dist/main.js` in it starts the deployment, offline. */
  folder: string;
  archive: string;
  bytes: number;
}

/**
 * Builds the deployment, then lets pnpm's own `deploy` gather it with its production dependencies
 * only (the plugs it lists, the runtime, and theirs: no dev dependencies, no other plug), into
 * `apps/<name>/bundle/<name>/` and `apps/<name>/bundle/<name>.tgz`.
 */
export async function bundleDeployment(
  root: string,
  name: string,
  log: (line: string) => void,
  options: { build?: boolean } = {},
): Promise<BundleResult> {
  const paths = deploymentPaths(root, name);
  if (!deploymentExists(paths)) {
    throw new CareCliError(`no deployment "${name}": ${paths.config} does not exist`, {
      code: "deployment_missing",
      hint: `create it with: pnpm care deployment new ${name}`,
    });
  }
  const packageName = `@care-deploy/${name}`;
  // Under `turbo run bundle` the builds already ran (dependsOn), so the task passes --no-build.
  if (options.build !== false) {
    await timedStep(log, `building ${packageName} and what it uses`, () =>
      runCommand("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only", "--filter", `${packageName}...`], {
        cwd: root,
        onLine: (line) => log(`  turbo │ ${line}`),
      }),
    );
  }

  // The same checks as care check (trust included), on the built plugs, before anything is gathered.
  const report = await timedStep(log, `checking ${name} (as care check does)`, () => checkDeployment(root, name));
  if (report.problems.length) {
    throw new CareCliError(
      `${name} has ${report.problems.length} problem(s), so it was not bundled:\n  ✗ ${report.problems
        .map(describeProblem)
        .join("\n  ✗ ")
        .replace(/\n(?! {2}✗)/g, "\n    ")}`,
      {
        code: "bundle_check_failed",
        hint: `fix them (pnpm care check -d ${name} lists them too), then bundle again`,
      },
    );
  }
  const config = await loadDeploymentConfig(paths.config);

  const staging = await mkdtemp(join(tmpdir(), `care-bundle-${name}-`));
  const gathered = join(staging, name);
  try {
    // Offline, pnpm's release-age check of the copied lockfile needs each package's full registry
    // metadata, which the store may not hold (`pnpm add` caches only the short form); the versions
    // were checked when the workspace installed them, and deploy resolves nothing new.
    const deploy = ["--filter", packageName, "deploy", "--prod", "--offline", "--config.minimum-release-age=0", gathered];
    await timedStep(log, "gathering production dependencies (pnpm deploy)", () =>
      runCommand("pnpm", deploy, { cwd: root, onLine: (line) => log(`  pnpm │ ${line}`) }),
    );
    log(await webAppLine(paths.dir, gathered));
    const digests = await timedStep(log, "recording each plug's files (plugs.digests.json)", () =>
      writePlugDigests(gathered, paths.lockfile, config),
    );
    log(`  ${digests.plugs.map(describePlugDigest).join(", ") || "no plugs"}`);
    const out = join(paths.dir, "bundle");
    const folder = join(out, name);
    const archive = join(out, `${name}.tgz`);
    await rm(out, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
    // The temporary folder may be on another file system: then copy, keeping pnpm's symlinks as they are.
    await rename(gathered, folder).catch(() => cp(gathered, folder, { recursive: true, verbatimSymlinks: true }));
    log(`writing ${archive}`);
    // Synchronous: tar 7.5's streaming pack stalls half-way through pnpm's hard-linked node_modules
    // on Node 20 (the process exits with an unsettled await); the CLI has nothing else to do meanwhile.
    create({ sync: true, gzip: true, file: archive, cwd: out, portable: true }, [name]);
    const bytes = (await stat(archive)).size;
    log(`bundle: ${folder} and ${archive} (${(bytes / 1024 / 1024).toFixed(1)} MiB); start it with: node dist/main.js`);
    return { folder, archive, bytes };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * The built web app travels in the bundle's dist/web (the runtime serves it at /). A deployment with
 * a web build (vite.config.ts) whose bundle lacks it is refused: it would start without its app.
 */
async function webAppLine(deploymentDir: string, gathered: string): Promise<string> {
  if (existsSync(join(gathered, "dist/web/index.html"))) return "  web app: dist/web";
  if (!existsSync(join(deploymentDir, "vite.config.ts"))) return "  no web app (no vite.config.ts): the bundle serves the API only";
  throw new CareCliError(`${join(deploymentDir, "vite.config.ts")} builds a web app, but the bundle has no dist/web/index.html`, {
    code: "bundle_web_missing",
    hint: 'build the deployment (its "build" script runs `vite build`) and keep "dist" in its package.json "files", then bundle again',
  });
}

/** One plug in the bundle log: its id, the start of its digest (enough to tell plugs apart) and who signed it. */
function describePlugDigest(plug: { id: string; digest: string; signedBy?: string }): string {
  return `${plug.id} ${plug.digest.slice(0, 19)}…${plug.signedBy ? ` signed by ${plug.signedBy}` : ""}`;
}
