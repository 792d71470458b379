// Trust in what gets installed: checks a plug (an installed folder or an archive) against the
// deployment's trust policy (the `trust` block of plug.config.ts). Never imports or runs plug code.
import { existsSync } from "node:fs";
import { lstat, readFile, realpath } from "node:fs/promises";
import { join } from "node:path";
import { packageFilesOf, signatureFile } from "@care/runtime/check-tooling";
import { CareCliError } from "../cli-error.js";
import { judgePlugTrust, type PlugTrust } from "./judge.js";
import type { SourceKind, TrustPolicy } from "./policy.js";

export type { PlugTrust } from "./judge.js";
export { resolveTrustPolicy, trustPolicySchema, type ResolvedTrustPolicy, type SourceKind, type TrustPolicy } from "./policy.js";

export interface PlugTrustInput {
  id: string;
  packageName: string;
  version: string;
  /** The installed package folder (its real path is read). */
  dir: string;
  source: SourceKind;
  /**
   * `dir` is a workspace plug's source folder in the development checkout (source "workspace"
   * only): its node_modules holds pnpm's links to dependencies and is left out of the listing.
   * Never for installed registry, file or git packages, nor for a bundle's copy.
   */
  workspaceSource?: boolean;
  /** The `trust` block of plug.config.ts (undefined: the defaults). */
  policy: TrustPolicy | undefined;
}

export interface ArchiveTrustInput {
  id: string;
  /** Path of the .tgz. */
  archive: string;
  policy: TrustPolicy | undefined;
}

/**
 * Checks an installed package folder against the deployment's trust policy; throws CareCliError
 * (code "plug_unsigned" | "plug_signature_invalid" | "plug_signer_untrusted" | "plug_revoked")
 * saying what to do.
 */
export async function checkPlugTrust(input: PlugTrustInput): Promise<PlugTrust> {
  if (input.workspaceSource && input.source !== "workspace") {
    throw new Error(`checkPlugTrust: workspaceSource is only for workspace plugs, not for a ${input.source} plug (${input.packageName})`);
  }
  const dir = await realpath(input.dir).catch(() => {
    throw new CareCliError(`plug ${input.id}: ${input.packageName} is not installed at ${input.dir}`, {
      plug: input.id,
      code: "plug_not_installed",
      hint: "run pnpm care sync",
    });
  });
  const signaturePath = join(dir, signatureFile);
  let signature: string | undefined;
  if (existsSync(signaturePath)) {
    if (!(await lstat(signaturePath)).isFile()) {
      throw new CareCliError(`plug ${input.id}: ${signaturePath} is not a regular file`, {
        plug: input.id,
        code: "plug_signature_invalid",
        hint: "reinstall the plug from its signed source (pnpm care sync)",
      });
    }
    signature = await readFile(signaturePath, "utf8");
  }
  return judgePlugTrust({
    what: `plug ${input.id} (${input.packageName}@${input.version})`,
    packageName: input.packageName,
    version: input.version,
    source: input.source,
    files: await packageFilesOf(dir, { workspaceSource: input.workspaceSource === true }),
    signature,
    policy: input.policy,
  });
}

/**
 * The same for a plug archive (.tgz) BEFORE anything installs it: read as `care verify` reads it
 * (the installer's view of its entries), never unpacked to disk.
 */
export async function checkArchiveTrust(input: ArchiveTrustInput): Promise<PlugTrust & { packageJson: Record<string, unknown> }> {
  // Loaded only for an archive: `care check` of installed plugs never reads one.
  const { verifyArchive } = await import("../archive/index.js");
  const verified = await verifyArchive(input.archive, { checksumFile: false });
  const trust = judgePlugTrust({
    what: `plug ${input.id} (${verified.name}@${verified.version}, archive ${input.archive})`,
    packageName: verified.name,
    version: verified.version,
    source: "file",
    files: verified.contents,
    signature: verified.signature,
    policy: input.policy,
  });
  return { ...trust, packageJson: verified.packageJson };
}
