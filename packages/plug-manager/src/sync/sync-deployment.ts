import { readFile, writeFile } from "node:fs/promises";
import { checkPlugs, type AnyPlugDefinition } from "@care/runtime/check-tooling";
import pino from "pino";
import type { DeploymentConfig } from "../deployment-config.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { runCommand } from "../workspace/run-command.js";
import { timedStep } from "../workspace/timed-step.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import { generateManifest } from "./generate-manifest.js";
import { generateUiManifest, uiManifestPath, uiPlugsOf } from "./generate-ui-manifest.js";
import { plugUiProblems } from "./plug-ui-entry.js";
import { writeWorkspacePlugTables } from "../types/index.js";
import { generatePlugConfigTypes, plugConfigTypesPath } from "./plug-config-types.js";
import { asManifestPlugs, loadInstalledPlugs } from "./installed-plugs.js";
import { archiveIntegrity, resolvePlugSource, type PlugSource } from "./plug-source.js";
import { loadDeploymentConfig } from "./load-config.js";
import { gitIntegrity, readPlugsLock, registryIntegrity, workspaceIntegrity, type LockedPlug, type PlugsLock } from "./lockfile.js";
import { checkArchiveTrust } from "../trust/index.js";
import { sharedPackageProblems, sourceChangeProblem } from "./plug-identity.js";
import { trustPolicyOf } from "./plug-trust.js";
import { asOneError, checkPlugsBeforeImport, type ReviewedPackage, type TrustedPlug } from "./trust-before-import.js";
import { installedDeclarations, logUpgradeChanges } from "./upgrade-changes.js";
import { CareCliError } from "../cli-error.js";
import { installedCoreVersion } from "../check/core-version.js";

export interface SyncOptions {
  root: string;
  deployment: string;
  /** Progress for a person: one line per step, and the output of installs and hooks. */
  log: (line: string) => void;
  installHookTimeoutMs?: number;
  /** Plug ids whose package or source kind may differ from plugs.lock.json (`--allow-source-change`). */
  allowSourceChange?: string[];
  /** By plug id: the package.json (name, version, care) `care plug add` showed; the installed one must match it. */
  reviewed?: Map<string, ReviewedPackage>;
  /** Install from the local store only (`pnpm install --offline`): `care serve`'s applies never reach the network. */
  offline?: boolean;
}

export interface SyncReport {
  config: DeploymentConfig;
  lock: PlugsLock;
}

/**
 * plug.config.ts → the deployment's package.json dependencies → pnpm install → each plug's
 * install hook → checks → src/plugs.generated.ts and plugs.lock.json.
 */
export async function syncDeployment(options: SyncOptions): Promise<SyncReport> {
  const { root, log } = options;
  const paths = deploymentPaths(root, options.deployment);
  if (!deploymentExists(paths)) {
    throw new CareCliError(
      `no deployment "${options.deployment}": ${paths.config} does not exist; create it with \`pnpm care deployment new ` +
        `${options.deployment}\``,
      { code: "deployment_missing" },
    );
  }
  log(`reading ${paths.config}`);
  const config = await loadDeploymentConfig(paths.config);
  if (config.name !== options.deployment) {
    throw new CareCliError(
      `${paths.config} names the deployment "${config.name}", but it lives in apps/${options.deployment}; make them the same`,
      { code: "deployment_name_mismatch" },
    );
  }

  const workspace = await workspacePackages(root);
  const packageJson = JSON.parse(await readFile(paths.packageJson, "utf8")) as { name: string; dependencies?: Record<string, string> };
  const previous = await readPlugsLock(paths.lockfile);
  const dependencies = { ...packageJson.dependencies };
  for (const locked of previous?.plugs ?? []) delete dependencies[locked.package];
  const sources = new Map<string, PlugSource>();
  for (const entry of config.plugs) {
    const source = await resolvePlugSource(entry, paths.dir, workspace);
    sources.set(entry.name, source);
    dependencies[source.packageName] = source.dependency;
  }
  // Identity and archive trust before anything is written or installed.
  const allowed = options.allowSourceChange ?? [];
  const refused = [
    ...sharedPackageProblems(config.name, sources),
    ...[...sources].flatMap(
      ([id, source]) =>
        sourceChangeProblem(
          config.name,
          previous?.plugs.find((line) => line.id === id),
          source,
          allowed,
        ) ?? [],
    ),
  ];
  if (refused.length) throw asOneError(refused);
  for (const [id, source] of sources) {
    if (source.archive) await checkArchiveTrust({ id, archive: source.archive, policy: trustPolicyOf(config) });
  }
  const before = await installedDeclarations(paths.dir, previous?.plugs ?? [], sources);
  packageJson.dependencies = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(paths.packageJson, `${JSON.stringify(packageJson, null, 2)}\n`);

  // Syncing is what changes the dependencies, so the lockfile may change too (also under CI=true).
  await timedStep(log, "installing with pnpm", () =>
    runCommand("pnpm", ["install", options.offline ? "--offline" : "--prefer-offline", "--no-frozen-lockfile"], {
      cwd: root,
      onLine: (line) => log(`  pnpm │ ${line}`),
    }),
  );
  const localPlugs = [...sources.values()].filter((source) => source.kind === "workspace");
  if (localPlugs.length) {
    // Before the build, which type-checks the plugs against their tables.
    await writeWorkspacePlugTables(
      localPlugs.map((source) => workspace.get(source.packageName)!.dir),
      log,
    );
    const filters = localPlugs.flatMap((source) => ["--filter", `${source.packageName}...`]);
    await timedStep(log, "building the workspace plugs it lists", () =>
      runCommand("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only", ...filters], {
        cwd: root,
        onLine: (line) => log(`  turbo │ ${line}`),
      }),
    );
  }

  // Signatures, revocations and identities, from the files only: nothing of a refused plug is imported.
  const checked = await checkPlugsBeforeImport({
    deployment: config.name,
    deploymentDir: paths.dir,
    config,
    sources,
    previous: previous?.plugs ?? [],
    allowSourceChange: allowed,
    ...(options.reviewed && { reviewed: options.reviewed }),
  });
  if (checked.problems.length) throw asOneError(checked.problems);
  logUpgradeChanges(log, before, new Map([...checked.trusted].map(([id, plug]) => [id, plug.declaration])));

  const { plugs: loaded, problems } = await loadInstalledPlugs(paths.dir, config, sources);
  if (problems.length) throw new CareCliError(problems.join("\n"), { code: "plug_not_loadable" });
  checkPlugs({ deployment: config.name, plugs: asManifestPlugs(loaded, config) }, await installedCoreVersion());
  const uiMissing = await plugUiProblems(loaded, config);
  if (uiMissing.length) {
    throw new CareCliError(uiMissing.map((found) => found.message).join("\n"), { code: "plug_ui_missing", hint: uiMissing[0]!.hint });
  }

  for (const plug of loaded) {
    const hook = plug.definition.hooks?.install;
    if (!hook) continue;
    await timedStep(log, `running the install hook of ${plug.id}`, () =>
      withTimeout(
        Promise.resolve(hook({ packageDir: plug.dir, logger: hookLogger(plug.id, log) })),
        options.installHookTimeoutMs ?? 120_000,
        `plug ${plug.id}: its install hook did not finish within ${(options.installHookTimeoutMs ?? 120_000) / 1000} s`,
      ),
    );
  }

  const lock: PlugsLock = { deployment: config.name, plugs: [] };
  for (const plug of loaded) lock.plugs.push(await lockLine(root, plug, sources.get(plug.id)!, checked.trusted.get(plug.id)));
  await writeFile(paths.manifest, generateManifest(config, loaded));
  await writeFile(
    plugConfigTypesPath(paths.dir),
    generatePlugConfigTypes(config, new Map(loaded.map((plug) => [plug.id, plug.packageName]))),
  );
  await writeFile(uiManifestPath(paths.dir), generateUiManifest(uiPlugsOf(loaded, config)));
  await writeFile(paths.lockfile, `${JSON.stringify(lock, null, 2)}\n`);
  log(`wrote ${paths.manifest} and ${paths.lockfile} (${loaded.length} plug${loaded.length === 1 ? "" : "s"})`);
  return { config, lock };
}

async function lockLine(
  root: string,
  plug: { id: string; packageName: string; dir: string; definition: AnyPlugDefinition },
  source: PlugSource,
  trusted: TrustedPlug | undefined,
): Promise<LockedPlug> {
  const version = plug.definition.package.version;
  const integrity =
    source.kind === "workspace"
      ? await workspaceIntegrity(plug.dir)
      : source.kind === "file"
        ? await archiveIntegrity(source.archive!)
        : source.kind === "git"
          ? await gitIntegrity(root, plug.packageName, version)
          : await registryIntegrity(root, plug.packageName, version);
  return {
    id: plug.id,
    package: plug.packageName,
    version,
    source: source.kind,
    integrity: integrity ?? "unknown",
    digest: trusted?.trust.digest ?? "unknown",
    ...(trusted?.trust.publisher && { signedBy: trusted.trust.publisher }),
    ...(trusted && { plugId: trusted.declaration.ownId }),
  };
}

/** A plug's install hook logs under its name. */
function hookLogger(id: string, log: (line: string) => void) {
  return pino({ level: "info" }, { write: (line: string) => log(`  ${id} │ ${(JSON.parse(line) as { msg: string }).msg}`) });
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
