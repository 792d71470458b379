import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A publisher's ed25519 key pair, made by the real ssh-keygen (no passphrase), in `dir`. */
export interface SigningKey {
  privateKey: string;
  publicKeyFile: string;
  /** The `.pub` line: what a site pastes into trust.publishers. */
  publicKey: string;
  /** SHA256:..., as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

export function makeSigningKey(dir: string, name = "publisher"): SigningKey {
  const privateKey = join(dir, name);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `${name} test key`, "-f", privateKey]);
  const fingerprint = execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", `${privateKey}.pub`], { encoding: "utf8" }).split(" ")[1]!;
  return { privateKey, publicKeyFile: `${privateKey}.pub`, publicKey: readFileSync(`${privateKey}.pub`, "utf8").trim(), fingerprint };
}

/**
 * The `trust` block to put in a plug.config.ts object (with a trailing comma), e.g. trusting the
 * test publisher, or accepting unsigned archives for tests that are not about signing:
 * `trustBlock({ unsigned: ["workspace", "file"] })`.
 */
export function trustBlock(policy: {
  publishers?: Record<string, SigningKey>;
  unsigned?: string[];
  revoked?: { keys?: string[]; versions?: string[] };
}): string {
  const publishers = Object.fromEntries(Object.entries(policy.publishers ?? {}).map(([name, key]) => [name, key.publicKey]));
  const trust = { publishers, ...(policy.unsigned && { unsigned: policy.unsigned }), ...(policy.revoked && { revoked: policy.revoked }) };
  return `  trust: ${JSON.stringify(trust, null, 2).replace(/\n/g, "\n  ")},\n`;
}
