import {
  fileListing,
  listingDigest,
  parsePublicKeyLine,
  parseSshSignature,
  SshFormatError,
  UnsafePackagePathError,
  verifySshSignature,
  signatureNamespace,
  type PackageFile,
} from "@care/runtime/check-tooling";
import semver from "semver";
import { CareCliError } from "../cli-error.js";
import { parseRevokedVersion, resolveTrustPolicy, type SourceKind, type TrustPolicy } from "./policy.js";

export interface PlugTrust {
  status: "signed" | "unsigned";
  /** The trusted key's name in the policy. */
  publisher?: string;
  /** SHA256:... of the signing key. */
  fingerprint?: string;
  /** sha256-<hex> of the file listing. */
  digest: string;
}

export interface TrustCase {
  /** How the plug is named in messages: `plug lab (@care-plugs/lab@1.2.0)`. */
  what: string;
  packageName: string;
  version: string;
  source: SourceKind;
  files: PackageFile[];
  /** The text of care-plug.sig, when there is one. */
  signature: string | undefined;
  policy: TrustPolicy | undefined;
}

const config = "plug.config.ts";
const askPublisher = "ask its publisher for a copy signed with care pack --sign, and do not install this one";

/**
 * Decides whether the deployment's policy accepts a plug with these files and this signature; throws
 * a CareCliError (plug_revoked, plug_unsigned, plug_signature_invalid, plug_signer_untrusted) saying
 * what to do. Workspace plugs the policy lets be unsigned are not held to a signature: their folder
 * holds sources and build output that no published package has.
 */
export function judgePlugTrust(input: TrustCase): PlugTrust {
  const policy = resolveTrustPolicy(input.policy);
  const listing = listingOf(input);
  const digest = listingDigest(listing);

  for (const entry of policy.revoked.versions) {
    const revoked = parseRevokedVersion(entry);
    if (revoked?.packageName === input.packageName && semver.satisfies(input.version, revoked.range, { includePrerelease: true })) {
      throw new CareCliError(`${input.what} is revoked: ${config} lists "${entry}" in trust.revoked.versions`, {
        code: "plug_revoked",
        hint: `install a version outside ${revoked.range} (a fixed release from its publisher), or remove the plug from ${config}`,
      });
    }
  }

  const unsignedAllowed = policy.unsigned.includes(input.source);
  if (input.signature === undefined || (input.source === "workspace" && unsignedAllowed)) {
    if (unsignedAllowed) return { status: "unsigned", digest };
    throw new CareCliError(
      `${input.what} is not signed (it has no care-plug.sig), and ${config} accepts unsigned plugs only from: ` +
        `${policy.unsigned.join(", ") || "nowhere"}`,
      {
        code: "plug_unsigned",
        hint:
          `ask its publisher for a signed ${input.source === "file" ? "archive" : "release"} (care pack --sign), or, if you ` +
          `accept unsigned ${sourceNoun[input.source]}, add "${input.source}" to trust.unsigned in ${config}`,
      },
    );
  }

  let signature: ReturnType<typeof parseSshSignature>;
  try {
    signature = parseSshSignature(input.signature);
  } catch (error) {
    if (!(error instanceof SshFormatError)) throw error;
    throw new CareCliError(`${input.what} has a care-plug.sig that cannot be read: ${error.message}`, {
      code: "plug_signature_invalid",
      hint: askPublisher,
    });
  }
  const fingerprint = signature.publicKey.fingerprint;
  if (signature.namespace !== signatureNamespace) {
    throw new CareCliError(
      `${input.what} has a signature for "${signature.namespace}", not for "${signatureNamespace}" (it was made for something else)`,
      {
        code: "plug_signature_invalid",
        hint: `${askPublisher} (ssh-keygen -Y sign -n ${signatureNamespace}, which care pack --sign runs)`,
      },
    );
  }
  if (!verifySshSignature(signature, listing)) {
    throw new CareCliError(`${input.what} does not match its signature (key ${fingerprint}): its files changed after it was signed`, {
      code: "plug_signature_invalid",
      hint: `${askPublisher}; get it again from its source`,
    });
  }
  const publisher = Object.entries(policy.publishers).find(([, line]) => parsePublicKeyLine(line).fingerprint === fingerprint)?.[0];
  if (publisher === undefined) {
    throw new CareCliError(
      `${input.what} is signed by key ${fingerprint}, which is not among the publishers ${config} trusts (trust.publishers)`,
      {
        code: "plug_signer_untrusted",
        hint:
          `if you trust its publisher, get their .pub file by a channel you trust, check its fingerprint with them (ssh-keygen ` +
          `-l -f their.pub), and add its line to trust.publishers in ${config}`,
      },
    );
  }
  const revokedKey = policy.revoked.keys.find((key) => key === publisher || key === fingerprint);
  if (revokedKey !== undefined) {
    throw new CareCliError(
      `${input.what} is signed by ${publisher}'s key ${fingerprint}, which ${config} revokes (trust.revoked.keys: "${revokedKey}")`,
      {
        code: "plug_revoked",
        hint: `ask ${publisher} for a release signed with their new key and add that key to trust.publishers, or remove the plug`,
      },
    );
  }
  return { status: "signed", publisher, fingerprint, digest };
}

/** The listing, or a CareCliError when a file name could make it stand for other files. */
function listingOf(input: TrustCase): string {
  try {
    return fileListing(input.files);
  } catch (error) {
    if (!(error instanceof UnsafePackagePathError)) throw error;
    throw new CareCliError(`${input.what} cannot be checked: ${error.message}`, {
      code: "plug_path_unsafe",
      hint: "do not install it; a plug's file names never need control characters, so ask its publisher for a release without them",
    });
  }
}

const sourceNoun: Record<SourceKind, string> = {
  workspace: "workspace plugs",
  file: "plug archives",
  git: "plugs from git",
  registry: "plugs from a registry",
};
