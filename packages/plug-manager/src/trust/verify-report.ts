import { readFile } from "node:fs/promises";
import { parsePublicKeyLine, parseSshSignature, SshFormatError } from "@care/runtime/check-tooling";
import type { VerifiedArchive } from "../archive/index.js";
import { CareCliError } from "../cli-error.js";
import { loadDeploymentConfig } from "../sync/load-config.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { judgePlugTrust } from "./judge.js";
import type { TrustPolicy } from "./policy.js";

/** Whose policy `care verify` judges the signature by: a deployment's trust block, or one key. */
export type VerifyTrust = { deployment: string; root: string } | { keyFile: string } | undefined;

/**
 * The signature line `care verify` prints. With a deployment or a key, the archive is judged as
 * `care plug add` would judge it (a refusal throws, with its code); without, it only says who signed.
 */
export async function describeArchiveTrust(archive: VerifiedArchive, trust: VerifyTrust): Promise<string> {
  if (trust === undefined) {
    if (archive.signature === undefined)
      return "unsigned (no care-plug.sig); pass -d <deployment> to judge it by that deployment's trust policy";
    try {
      const { publicKey } = parseSshSignature(archive.signature);
      return `signed by key ${publicKey.fingerprint}, not yet checked: pass -d <deployment> or --key <publisher.pub> to check it`;
    } catch (error) {
      if (error instanceof SshFormatError)
        throw new CareCliError(`its care-plug.sig cannot be read: ${error.message}`, {
          code: "plug_signature_invalid",
          hint: "ask its publisher for a copy signed with care pack --sign",
        });
      throw error;
    }
  }
  const policy = await policyOf(trust);
  const judged = judgePlugTrust({
    what: `${archive.name}@${archive.version}`,
    packageName: archive.name,
    version: archive.version,
    source: "file",
    files: archive.contents,
    signature: archive.signature,
    policy,
  });
  const by = "deployment" in trust ? `deployment ${trust.deployment}'s trust policy` : trust.keyFile;
  return judged.status === "signed"
    ? `signed by ${judged.publisher} (${judged.fingerprint}), trusted by ${by}; digest ${judged.digest}`
    : `unsigned, which ${by} accepts for plug archives; digest ${judged.digest}`;
}

async function policyOf(trust: NonNullable<VerifyTrust>): Promise<TrustPolicy | undefined> {
  if ("keyFile" in trust) {
    const line = await readFile(trust.keyFile, "utf8").catch(() => {
      throw new CareCliError(`cannot read ${trust.keyFile}`, {
        code: "publisher_key_missing",
        hint: "pass the publisher's .pub file, e.g. --key care-publisher.pub",
      });
    });
    try {
      parsePublicKeyLine(line);
    } catch (error) {
      if (!(error instanceof SshFormatError)) throw error;
      throw new CareCliError(`${trust.keyFile} is not a usable publisher key: ${error.message}`, {
        code: "publisher_key_invalid",
        hint: "pass the publisher's .pub file (one line: ssh-ed25519 AAAA... comment)",
      });
    }
    return { publishers: { [line.trim().split(/\s+/).slice(2).join(" ") || trust.keyFile]: line.trim() }, unsigned: [] };
  }
  const paths = deploymentPaths(trust.root, trust.deployment);
  if (!deploymentExists(paths))
    throw new CareCliError(`no deployment "${trust.deployment}": ${paths.config} does not exist`, {
      code: "deployment_missing",
      hint: "name a deployment of apps/",
    });
  return (await loadDeploymentConfig(paths.config)).trust;
}
