import { isAbsolute, join } from "node:path";
import { verifyArchive } from "../../archive/index.js";
import { CareCliError } from "../../cli-error.js";
import type { DeploymentConfig } from "../../deployment-config.js";
import { readPlugsLock, type LockedPlug } from "../../sync/lockfile.js";
import { isArchiveSpec } from "../../sync/plug-source.js";
import { trustPolicyOf } from "../../sync/plug-trust.js";
import { loadDeploymentConfig } from "../../sync/load-config.js";
import type { TrustPolicy } from "../../trust/index.js";
import { deploymentExists, deploymentPaths, type DeploymentPaths } from "../../workspace/deployment-paths.js";

/** A plug of the deployment as its repository records it: plug.config.ts, and plugs.lock.json once synced. */
export interface DeployedPlug {
  /** Its id in the deployment. */
  id: string;
  /** undefined for an archive entry not synced yet whose archive cannot be read. */
  package: string | undefined;
  /** The bundled version (plugs.lock.json); undefined before the first sync. */
  version: string | undefined;
  /** Its own care.plug.id, when the lock recorded it. */
  ownId: string | undefined;
  enabled: boolean;
  locked: LockedPlug | undefined;
}

export interface DeploymentState {
  paths: DeploymentPaths;
  config: DeploymentConfig;
  policy: TrustPolicy | undefined;
  plugs: DeployedPlug[];
}

/** Reads the deployment's plug.config.ts and plugs.lock.json; runs no plug code. */
export async function deploymentState(root: string, deployment: string): Promise<DeploymentState> {
  const paths = deploymentPaths(root, deployment);
  if (!deploymentExists(paths)) {
    throw new CareCliError(`no deployment "${deployment}": ${paths.config} does not exist`, {
      code: "deployment_missing",
      hint: "name one of the folders in apps/ with -d <name>",
    });
  }
  const config = await loadDeploymentConfig(paths.config);
  const lock = await readPlugsLock(paths.lockfile);
  const plugs: DeployedPlug[] = [];
  for (const entry of config.plugs) {
    const locked = lock?.plugs.find((candidate) => candidate.id === entry.name);
    plugs.push({
      id: entry.name,
      package: locked?.package ?? (await packageOfEntry(entry.package, paths.dir)),
      version: locked?.version,
      ownId: locked?.plugId,
      enabled: entry.enabled !== false,
      locked,
    });
  }
  return { paths, config, policy: trustPolicyOf(config), plugs };
}

/** The package an entry names; for a local archive, the name inside it (read, never run). */
async function packageOfEntry(spec: string, deploymentDir: string): Promise<string | undefined> {
  if (!isArchiveSpec(spec)) return spec;
  const path = spec.replace(/^file:/, "");
  const verified = await verifyArchive(isAbsolute(path) ? path : join(deploymentDir, path), { checksumFile: false }).catch(() => undefined);
  return verified?.name;
}
