import { readFile, writeFile } from "node:fs/promises";
import { loadFile, writeFile as writeModule } from "magicast";
import { getDefaultExportOptions } from "magicast/helpers";
import { CareCliError } from "../cli-error.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { loadDeploymentConfig } from "./load-config.js";
import { syncDeployment, type SyncOptions } from "./sync-deployment.js";

export interface SwitchPlugOptions extends SyncOptions {
  id: string;
  /** true: `care plug enable`; false: `care plug disable`. */
  enabled: boolean;
}

/**
 * `care plug disable` / `care plug enable`: sets `enabled` on the plug's entry in plug.config.ts,
 * edited as code (the author's formatting and comments stay), then syncs so the generated manifest
 * carries it. If the sync fails (a running plug needs this one, say), plug.config.ts and
 * package.json are put back. Answers false when the plug was in that state already (nothing written).
 */
export async function switchPlug(options: SwitchPlugOptions): Promise<boolean> {
  const paths = deploymentPaths(options.root, options.deployment);
  if (!deploymentExists(paths)) {
    throw new CareCliError(`no deployment "${options.deployment}": ${paths.config} does not exist`, {
      code: "deployment_missing",
      hint: "name one of the folders in apps/ with -d <name>",
    });
  }
  const config = await loadDeploymentConfig(paths.config);
  const entry = config.plugs.find((candidate) => candidate.name === options.id);
  if (!entry) {
    const ids = config.plugs.map((candidate) => candidate.name);
    throw new CareCliError(`deployment ${options.deployment} has no plug "${options.id}"; nothing was changed`, {
      code: "plug_not_in_deployment",
      hint: ids.length
        ? `its plugs are: ${ids.join(", ")}`
        : `it has no plugs yet; add one with: pnpm care plug add <package> -d ${options.deployment}`,
    });
  }
  if ((entry.enabled !== false) === options.enabled) return false;

  const originalConfig = await readFile(paths.config, "utf8");
  const originalPackage = await readFile(paths.packageJson, "utf8");
  const module = await loadFile(paths.config);
  const found = (getDefaultExportOptions(module).plugs as unknown[]).map(entryOptions).find((item) => item?.name === options.id);
  if (!found) {
    // Built by code magicast cannot follow (a spread, a variable): the author edits it by hand.
    throw new CareCliError(
      `cannot find plug "${options.id}" as a literal entry in ${paths.config}, so it cannot be edited safely; nothing was changed`,
      {
        code: "plug_entry_not_literal",
        hint: `set enabled: ${options.enabled} on its entry by hand, then run: pnpm care sync -d ${options.deployment}`,
      },
    );
  }
  // Switching on sets `enabled: true` where `enabled: false` was: only that literal changes in the file.
  found.enabled = options.enabled;
  await writeModule(module, paths.config);
  try {
    await syncDeployment(options);
  } catch (error) {
    await writeFile(paths.config, originalConfig);
    await writeFile(paths.packageJson, originalPackage);
    throw new CareCliError(
      `switching plug ${options.id} ${options.enabled ? "on" : "off"} in ${options.deployment} failed, and plug.config.ts and ` +
        `package.json are as they were: ${(error as Error).message}`,
      { code: "plug_switch_failed" },
    );
  }
  return true;
}

/** The options object of `plug({ ... })`, or the entry itself when it is a plain object. */
export function entryOptions(item: unknown): Record<string, unknown> | undefined {
  const node = item as { $type?: string; $args?: unknown[] } | undefined;
  if (node?.$type === "function-call") return node.$args?.[0] as Record<string, unknown> | undefined;
  if (node?.$type === "object") return node as Record<string, unknown>;
  return undefined;
}
