import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import type { DeploymentConfig } from "../deployment-config.js";
import { checkPlugTrust, type PlugTrust, type SourceKind, type TrustPolicy } from "../trust/index.js";

/** The deployment's trust policy: the `trust` block of plug.config.ts (undefined: the defaults). */
export const trustPolicyOf = (config: DeploymentConfig): TrustPolicy | undefined =>
  (config as DeploymentConfig & { trust?: TrustPolicy }).trust;

/** One line for a person: who signed it, or why an unsigned plug is accepted here. */
export function describeTrust(trust: PlugTrust, source: SourceKind): string {
  if (trust.status === "signed")
    return `signed by ${trust.publisher ?? "a trusted key"}${trust.fingerprint ? ` (${trust.fingerprint})` : ""}`;
  return `unsigned (this deployment's trust policy accepts unsigned ${source} plugs)`;
}

export interface InstalledPackage {
  dir: string;
  packageJson: { name?: string; version?: string; care?: { plug?: unknown } };
}

/**
 * A plug's installed folder and package.json, read as files: nothing of it is imported. Read
 * synchronously: one small file per plug, where an awaited read costs four trips through libuv's pool.
 */
export async function readInstalledPackage(deploymentDir: string, packageName: string): Promise<InstalledPackage | undefined> {
  const dir = attempt(() => realpathSync.native(join(deploymentDir, "node_modules", packageName)));
  if (!dir) return undefined;
  const text = attempt(() => readFileSync(join(dir, "package.json"), "utf8"));
  return text === undefined ? undefined : { dir, packageJson: JSON.parse(text) as InstalledPackage["packageJson"] };
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Checks an installed plug against the policy before anything imports it; throws CareCliError
 * (plug_unsigned, plug_signature_invalid, plug_signer_untrusted, plug_revoked) saying what to do.
 */
export async function checkInstalledTrust(input: {
  id: string;
  installed: InstalledPackage;
  packageName: string;
  source: SourceKind;
  policy: TrustPolicy | undefined;
}): Promise<PlugTrust> {
  return checkPlugTrust({
    id: input.id,
    packageName: input.packageName,
    version: input.installed.packageJson.version ?? "",
    dir: input.installed.dir,
    source: input.source,
    // A workspace plug is installed as a link to its source folder, whose node_modules holds pnpm's links.
    workspaceSource: input.source === "workspace",
    policy: input.policy,
  });
}
