// Trust in what gets installed: checks a plug (an installed folder or an archive) against the
// deployment's trust policy (the `trust` block of plug.config.ts). Never imports or runs plug code.
import { CareCliError } from "../cli-error.js";

/** Where a plug came from, as the trust policy's `unsigned` list names it. */
export type SourceKind = "workspace" | "registry" | "file" | "git";

/** The parsed `trust` block of plug.config.ts (defaults filled in). */
export interface TrustPolicy {
  /** Trusted publisher keys by name: an OpenSSH public key line, `ssh-ed25519 AAAA... comment`. */
  publishers: Record<string, string>;
  /** Sources whose plugs may be unsigned (default ["workspace"]). */
  unsigned: SourceKind[];
  revoked: {
    /** Publisher names or `SHA256:<fingerprint>`s whose signatures are no longer accepted. */
    keys: string[];
    /** `<package>@<semver range>`, e.g. `@care-plugs/lab@<1.2.3`. */
    versions: string[];
  };
}

export interface PlugTrust {
  status: "signed" | "unsigned";
  /** The trusted key's name in the policy. */
  publisher?: string;
  /** SHA256:... of the signing key. */
  fingerprint?: string;
  /** sha256-<hex> of the file listing. */
  digest: string;
}

export interface PlugTrustInput {
  id: string;
  packageName: string;
  version: string;
  /** The installed package folder (realpath is taken). */
  dir: string;
  source: SourceKind;
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
  void input;
  throw new CareCliError("checkPlugTrust is not implemented yet", { code: "not_implemented" });
}

/** The same for a plug archive (.tgz) BEFORE anything installs it, from its entries. */
export async function checkArchiveTrust(input: ArchiveTrustInput): Promise<PlugTrust & { packageJson: Record<string, unknown> }> {
  void input;
  throw new CareCliError("checkArchiveTrust is not implemented yet", { code: "not_implemented" });
}
