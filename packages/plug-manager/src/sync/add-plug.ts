import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { verifyArchive } from "../archive/index.js";
import { plugIdPattern } from "@care/runtime/tooling";
import { builders, loadFile, writeFile as writeModule } from "magicast";
import { getDefaultExportOptions } from "magicast/helpers";
import { CareCliError } from "../cli-error.js";
import { confirmOrRefuse } from "../review/confirm.js";
import { declarationOf, describeDeclaration } from "../review/plug-declaration.js";
import { checkArchiveTrust, checkPlugTrust } from "../trust/index.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import { snapshotInstall } from "./install-snapshot.js";
import { loadDeploymentConfig } from "./load-config.js";
import { sharedPackageProblems } from "./plug-identity.js";
import { isArchiveSpec, resolvePlugSource } from "./plug-source.js";
import { plugVersionKind } from "./plug-version.js";
import { describeTrust, trustPolicyOf } from "./plug-trust.js";
import { findGitPlug, findRegistryPlug, isGitSpec } from "./remote-plug.js";
import { syncDeployment, type SyncOptions } from "./sync-deployment.js";

export interface AddPlugOptions extends Omit<SyncOptions, "deployment"> {
  deployment: string;
  /**
   * `@care-plugs/lab`, `@care-plugs/lab@^1.2.0`, a git repository at a tag
   * `git+https://git.example.org/lab.git#v1.2.0`, or a plug archive `./vendor/lab-1.2.0.tgz`.
   */
  spec: string;
  /** Where a relative archive path is taken from (the folder the user typed the command in). */
  from?: string;
  id?: string | undefined;
  /** Confirms the review without asking (`--yes`); needed where there is no terminal. */
  yes?: boolean;
}

/** What `care plug add` found where it was pointed, read without running any of it. */
interface Candidate {
  /** What plug.config.ts records as `package` (a name, or `file:./…` for an archive). */
  name: string;
  packageName: string;
  version: string | undefined;
  packageJson: { name?: string; version?: string; care?: { plug?: unknown } };
  /** The signature line of the review, or how it is found when only the download can tell. */
  signature: (id: string) => Promise<string>;
}

/**
 * `care plug add`: shows what the plug declares (and who signed it) before any of its code runs,
 * asks, then adds it to plug.config.ts, edited as code (the author's formatting and comments stay),
 * and syncs. If anything fails, plug.config.ts, package.json, pnpm-lock.yaml and node_modules are
 * put back as they were.
 */
export async function addPlug(options: AddPlugOptions): Promise<void> {
  const paths = deploymentPaths(options.root, options.deployment);
  if (!deploymentExists(paths)) {
    throw new CareCliError(`no deployment "${options.deployment}": ${paths.config} does not exist`, {
      code: "deployment_missing",
      hint: `create it with: pnpm care deployment new ${options.deployment}`,
    });
  }
  const config = await loadDeploymentConfig(paths.config);
  const policy = trustPolicyOf(config);
  const candidate = await findCandidate(options, paths.dir, policy);
  const declaration = declarationOf(candidate.packageJson);
  const id = options.id ?? declaration.ownId;
  if (!plugIdPattern.test(id)) {
    throw new CareCliError(`"${id}" is not a plug id (1-32 lowercase letters, digits or '_', starting with a letter)`, {
      code: "plug_id_invalid",
      hint: "choose one with --id <id>",
    });
  }
  if (config.plugs.some((entry) => entry.name === id)) {
    throw new CareCliError(`deployment ${options.deployment} already has a plug with id "${id}"`, {
      code: "plug_id_taken",
      hint: "give this one another id with --id <id>",
    });
  }
  // The hijack: the same package under a second id would replace the first plug's code.
  const workspace = await workspacePackages(options.root);
  const sources = new Map<string, { packageName: string }>();
  for (const entry of config.plugs) sources.set(entry.name, await resolvePlugSource(entry, paths.dir, workspace));
  sources.set(id, { packageName: candidate.packageName });
  const taken = sharedPackageProblems(options.deployment, sources)[0];
  if (taken)
    throw new CareCliError(`${taken.message}; nothing was changed`, {
      code: taken.code,
      hint: "a package can be one plug of a deployment only",
    });

  options.log(`plug to add to ${options.deployment}:`);
  for (const line of describeDeclaration(id, declaration, await candidate.signature(id))) options.log(line);
  await confirmOrRefuse(`add plug ${id} (${declaration.packageName}@${declaration.version}) to ${options.deployment}`, options.yes);

  const snapshot = await snapshotInstall(options.root, [paths.config, paths.packageJson]);
  const module = await loadFile(paths.config);
  if (!Object.values(module.imports).some((item) => item.from === "@care/plug-manager" && item.imported === "plug")) {
    module.imports.$add({ from: "@care/plug-manager", imported: "plug" });
  }
  const plugs = getDefaultExportOptions(module).plugs;
  plugs.push(
    builders.functionCall("plug", { name: id, package: candidate.name, ...(candidate.version && { version: candidate.version }) }),
  );
  await writeModule(module, paths.config);
  try {
    // What the person confirmed is what must be installed: sync compares before importing anything.
    await syncDeployment({ ...options, deployment: options.deployment, reviewed: new Map([[id, candidate.packageJson]]) });
  } catch (error) {
    const notRestored = await snapshot.restore(options.log);
    const inner = error instanceof CareCliError ? error : undefined;
    const restored = notRestored
      ? `plug.config.ts, package.json and pnpm-lock.yaml are as they were, but ${notRestored}`
      : "plug.config.ts, package.json, pnpm-lock.yaml and node_modules are as they were";
    throw new CareCliError(`adding ${options.spec} to ${options.deployment} failed, and ${restored}: ${(error as Error).message}`, {
      code: inner?.code ?? "plug_add_failed",
      ...(inner?.hint && { hint: inner.hint }),
    });
  }
}

async function findCandidate(options: AddPlugOptions, deploymentDir: string, policy: ReturnType<typeof trustPolicyOf>): Promise<Candidate> {
  const afterDownload = async () => "checked after download, before any of its code runs";
  if (isArchiveSpec(options.spec)) {
    // A plug archive is checked (entries, care.plug block, signature) before anything installs it.
    const archive = resolve(options.from ?? process.cwd(), options.spec.replace(/^file:/, ""));
    const verified = await verifyArchive(archive);
    const trusted = await checkArchiveTrust({ id: options.id ?? verified.id, archive, policy });
    return {
      name: `file:./${relative(deploymentDir, archive)}`,
      packageName: verified.name,
      version: undefined,
      packageJson: trusted.packageJson as Candidate["packageJson"],
      signature: async () => describeTrust(trusted, "file"),
    };
  }
  if (isGitSpec(options.spec)) return gitCandidate(options, options.spec, deploymentDir);
  const { name, version } = parseSpec(options.spec);
  const local = (await workspacePackages(options.root)).get(name);
  // Before any review: the version decides what pnpm installs, so it must name the same source.
  const kind = plugVersionKind({ plug: options.spec, packageName: name, version, inWorkspace: !!local });
  if (kind === "git") return gitCandidate(options, version!, deploymentDir, name);
  if (local) {
    const packageJson = JSON.parse(await readFile(join(local.dir, "package.json"), "utf8")) as Candidate["packageJson"];
    const signature = async (id: string) =>
      describeTrust(
        await checkPlugTrust({
          id,
          packageName: name,
          version: packageJson.version ?? "",
          dir: local.dir,
          source: "workspace",
          workspaceSource: true,
          policy,
        }),
        "workspace",
      );
    return { name, packageName: name, version, packageJson, signature };
  }
  // From a registry: ask it first, so an unknown package or version changes nothing.
  options.log(`asking the registry for ${options.spec}`);
  const found = await findRegistryPlug(name, version, deploymentDir);
  options.log(`found ${name}@${found.version} (plug ${found.plugId})`);
  return { name, packageName: name, version: found.dependency, packageJson: found.packageJson, signature: afterDownload };
}

/** A git repository at a tag; when the spec also named the package (`name@git+…`), the tag's package.json must be that package. */
async function gitCandidate(options: AddPlugOptions, url: string, deploymentDir: string, named?: string): Promise<Candidate> {
  options.log(`reading package.json at ${url}`);
  const found = await findGitPlug(url, deploymentDir);
  if (named && found.packageName !== named) {
    throw new CareCliError(`${url} holds the package ${found.packageName}, not ${named}; nothing was changed`, {
      code: "plug_version_not_allowed",
      hint: `add it as itself: pnpm care plug add ${url}`,
    });
  }
  return {
    name: found.packageName,
    packageName: found.packageName,
    version: found.dependency,
    packageJson: found.packageJson,
    signature: async () => "checked after download, before any of its code runs",
  };
}

function parseSpec(spec: string): { name: string; version: string | undefined } {
  const match = /^(@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*|[a-z0-9][\w.-]*)(?:@(.+))?$/.exec(spec);
  if (!match) {
    throw new CareCliError(`"${spec}" is not a package name (optionally with @version)`, {
      code: "package_spec_invalid",
      hint:
        "give a workspace or registry package (@care-plugs/lab@^1.2.0), a git repository at a tag " +
        "(git+https://git.example.org/lab.git#v1.2.0), or a plug archive (./vendor/lab-1.2.0.tgz)",
    });
  }
  return { name: match[1]!, version: match[2] };
}
