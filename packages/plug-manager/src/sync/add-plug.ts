import { readFile, writeFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { verifyArchive } from "../archive/index.js";
import { plugIdPattern } from "@care/runtime";
import { builders, loadFile, writeFile as writeModule } from "magicast";
import { getDefaultExportOptions } from "magicast/helpers";
import { CareCliError } from "../cli-error.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import { loadDeploymentConfig } from "./load-config.js";
import { isArchiveSpec } from "./plug-source.js";
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
}

/**
 * `care plug add`: adds the plug to plug.config.ts, edited as code (the author's formatting and
 * comments stay), then syncs. If the sync fails, plug.config.ts and package.json are put back.
 */
export async function addPlug(options: AddPlugOptions): Promise<void> {
  const paths = deploymentPaths(options.root, options.deployment);
  if (!deploymentExists(paths)) {
    throw new CareCliError(`no deployment "${options.deployment}": ${paths.config} does not exist`, { hint: `create it with: pnpm care deployment new ${options.deployment}` });
  }
  let name: string;
  let version: string | undefined;
  let ownPlugId: string | undefined;
  if (isArchiveSpec(options.spec)) {
    // A plug archive is checked (checksum, entries, care.plug block) before anything installs it.
    const archive = resolve(options.from ?? process.cwd(), options.spec.replace(/^file:/, ""));
    const verified = await verifyArchive(archive);
    name = `file:./${relative(paths.dir, archive)}`;
    ownPlugId = verified.id;
  } else if (isGitSpec(options.spec)) {
    options.log(`reading package.json at ${options.spec}`);
    const found = await findGitPlug(options.spec, paths.dir);
    ({ packageName: name, dependency: version, plugId: ownPlugId } = found);
  } else {
    ({ name, version } = parseSpec(options.spec));
    const local = (await workspacePackages(options.root)).get(name);
    if (local?.isPlug) ownPlugId = await ownId(local.dir);
    else if (!local) {
      // From a registry: ask it first, so an unknown package or version changes nothing.
      options.log(`asking the registry for ${options.spec}`);
      const found = await findRegistryPlug(name, version, paths.dir);
      ({ dependency: version, plugId: ownPlugId } = found);
      options.log(`found ${name}@${found.version} (plug ${found.plugId})`);
    }
  }
  const id = options.id ?? ownPlugId ?? name.split("/").pop()!.replace(/^care-plug-/, "").replace(/-/g, "_");
  if (!plugIdPattern.test(id)) {
    throw new CareCliError(`"${id}" is not a plug id (1-32 lowercase letters, digits or '_', starting with a letter)`, { hint: "choose one with --id <id>" });
  }
  const config = await loadDeploymentConfig(paths.config);
  if (config.plugs.some((entry) => entry.name === id)) {
    throw new CareCliError(`deployment ${options.deployment} already has a plug with id "${id}"`, { hint: "give this one another id with --id <id>" });
  }

  const originalConfig = await readFile(paths.config, "utf8");
  const originalPackage = await readFile(paths.packageJson, "utf8");
  const module = await loadFile(paths.config);
  if (!Object.values(module.imports).some((item) => item.from === "@care/plug-manager" && item.imported === "plug")) {
    module.imports.$add({ from: "@care/plug-manager", imported: "plug" });
  }
  const plugs = getDefaultExportOptions(module).plugs;
  plugs.push(builders.functionCall("plug", { name: id, package: name, ...(version && { version }) }));
  await writeModule(module, paths.config);
  try {
    await syncDeployment({ ...options, deployment: options.deployment });
  } catch (error) {
    await writeFile(paths.config, originalConfig);
    await writeFile(paths.packageJson, originalPackage);
    throw new CareCliError(`adding ${options.spec} to ${options.deployment} failed, and plug.config.ts and package.json are as they were: ${(error as Error).message}`);
  }
}

function parseSpec(spec: string): { name: string; version: string | undefined } {
  const match = /^(@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*|[a-z0-9][\w.-]*)(?:@(.+))?$/.exec(spec);
  if (!match) {
    throw new CareCliError(`"${spec}" is not a package name (optionally with @version)`, {
      hint: "give a workspace or registry package (@care-plugs/lab@^1.2.0), a git repository at a tag (git+https://git.example.org/lab.git#v1.2.0), or a plug archive (./vendor/lab-1.2.0.tgz)",
    });
  }
  return { name: match[1]!, version: match[2] };
}

async function ownId(dir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(`${dir}/package.json`, "utf8")) as { care?: { plug?: { id?: string } } };
  return manifest.care?.plug?.id ?? "";
}
