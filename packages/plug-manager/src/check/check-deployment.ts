import { readFile } from "node:fs/promises";
import { problem, type Problem } from "@care/runtime/check-tooling";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { loadDeploymentConfig } from "../sync/load-config.js";
import { resolvePlugSource, type PlugSource } from "../sync/plug-source.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import { CareCliError } from "../cli-error.js";
import { readPlugsLock } from "../sync/lockfile.js";
import { sharedPackageProblems, sourceChangeProblem } from "../sync/plug-identity.js";
import { checkPlugsBeforeImport } from "../sync/trust-before-import.js";
import { asProblem } from "./as-problem.js";
import { runCachedChecks } from "./cached-checks.js";
import { withConfigFunctionsOnce } from "./config-functions-once.js";
import { installedCoreVersion } from "./core-version.js";
import { runInstalledPlugChecks, type InstalledPlugChecks } from "./installed-plug-checks.js";
import { readReleaseTags } from "./last-release.js";

export interface CheckReport {
  problems: Problem[];
  /** What could not be checked here, e.g. a secret whose variable this environment lacks (code `config_env_missing`). */
  notes: Problem[];
}

/**
 * Everything knowable before start, all problems in one run: config against package.json, plug
 * packages, ids, core ranges, dependencies, cycles, config values, migration chains, and that
 * install.sql builds what the oldest install plus the chain builds, and that a workspace plug whose
 * install.sql changed since its last release (its git tag) has an upgrade step from that release.
 * What follows from unchanged content is kept between runs (see runCachedChecks); `cache: false`
 * (`care check --no-cache`) checks everything afresh and keeps nothing.
 */
export async function checkDeployment(
  root: string,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { cache?: boolean } = {},
): Promise<CheckReport> {
  const paths = deploymentPaths(root, name);
  if (!deploymentExists(paths))
    throw new CareCliError(`no deployment "${name}": ${paths.config} does not exist`, {
      code: "deployment_missing",
      hint: `create it with: pnpm care deployment new ${name}`,
    });
  const problems: Problem[] = [];
  const config = withConfigFunctionsOnce(await loadDeploymentConfig(paths.config));

  const dependencies =
    (JSON.parse(await readFile(paths.packageJson, "utf8")) as { dependencies?: Record<string, string> }).dependencies ?? {};
  const workspace = await workspacePackages(root);
  const sources = new Map<string, PlugSource>();
  for (const entry of config.plugs) {
    try {
      const source = await resolvePlugSource(entry, paths.dir, workspace);
      sources.set(entry.name, source);
      if (!dependencies[source.packageName]) {
        problems.push(
          problem(
            "plug_not_in_package_json",
            `plug ${entry.name}: ${source.packageName} is in plug.config.ts but not in ${paths.packageJson}`,
            {
              plug: entry.name,
              hint: `run \`pnpm care sync -d ${name}\``,
            },
          ),
        );
      }
    } catch (error) {
      problems.push(asProblem(error, entry.name, "plug_source_invalid"));
    }
  }
  // Identity and trust from the files only; a refused plug's code is not imported.
  const previous = (await readPlugsLock(paths.lockfile))?.plugs ?? [];
  const refused = [
    ...sharedPackageProblems(name, sources),
    ...[...sources].flatMap(
      ([id, source]) =>
        sourceChangeProblem(
          name,
          previous.find((line) => line.id === id),
          source,
          [],
        ) ?? [],
    ),
  ];
  const checked = await checkPlugsBeforeImport({
    deployment: name,
    deploymentDir: paths.dir,
    config,
    sources,
    previous,
    allowSourceChange: [],
  });
  refused.push(...checked.problems);
  problems.push(...refused.map((error) => asProblem(error, undefined, "plug_refused")));
  const input: InstalledPlugChecks = {
    root,
    name,
    paths,
    config,
    refusedIds: checked.refusedIds,
    sources,
    workspace,
    env,
    coreVersion: await installedCoreVersion(),
    releaseTags: once(() => readReleaseTags(root)),
    cache: options.cache !== false,
  };
  const rest = input.cache ? await runCachedChecks(input, checked.trusted) : (await runInstalledPlugChecks(input, undefined)).result;
  return { problems: [...problems, ...rest.problems], notes: rest.notes };
}

const once = <T>(get: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => (value ??= get());
};
