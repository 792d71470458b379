import { createHash, verify } from "node:crypto";
import { publicKeyFromBlob, SshFormatError, SshReader, sshString, ed25519Only, type SshPublicKey } from "./ssh-key.js";

/** What `ssh-keygen -Y sign -n care-plug` writes: the armored SSHSIG (the format git uses too). */
export interface SshSignature {
  publicKey: SshPublicKey;
  namespace: string;
  hashAlgorithm: "sha256" | "sha512";
  /** The raw ed25519 signature over the SSHSIG signed-data blob. */
  signature: Buffer;
}

export const signatureNamespace = "care-plug";
const magic = Buffer.from("SSHSIG");
const begin = "-----BEGIN SSH SIGNATURE-----";
const end = "-----END SSH SIGNATURE-----";

/** Parses armored SSHSIG text; throws SshFormatError saying what is wrong with it. */
export function parseSshSignature(armored: string): SshSignature {
  const text = armored.trim();
  if (!text.startsWith(begin) || !text.endsWith(end)) {
    throw new SshFormatError(`it is not an SSH signature (it does not start with ${begin} and end with ${end})`);
  }
  const body = text.slice(begin.length, text.length - end.length).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new SshFormatError("its body is not base64, so it is damaged");
  const reader = new SshReader(Buffer.from(body, "base64"));
  if (!reader.raw(magic.length, "the SSHSIG magic").equals(magic))
    throw new SshFormatError('it does not start with "SSHSIG", so it is damaged');
  const version = reader.uint32("the version");
  if (version !== 1) throw new SshFormatError(`it is SSHSIG version ${version}; only version 1 is known`);
  const publicKey = publicKeyFromBlob(reader.bytes("the public key"));
  const namespace = reader.string("the namespace");
  reader.bytes("the reserved field");
  const hashAlgorithm = reader.string("the hash algorithm");
  if (hashAlgorithm !== "sha256" && hashAlgorithm !== "sha512")
    throw new SshFormatError(`it uses hash ${hashAlgorithm}; only sha256 and sha512 are known`);
  const signatureBlob = new SshReader(reader.bytes("the signature"));
  if (!reader.done) throw new SshFormatError("it has data after the signature, so it is damaged");
  const type = signatureBlob.string("the signature type");
  if (type !== "ssh-ed25519") throw new SshFormatError(`the signature is ${type}; ${ed25519Only}`);
  const signature = signatureBlob.bytes("the ed25519 signature");
  if (signature.length !== 64 || !signatureBlob.done) throw new SshFormatError("the ed25519 signature is not 64 bytes, so it is damaged");
  return { publicKey, namespace, hashAlgorithm, signature };
}

/**
 * True when `signature` is a valid signature of `message` in the care-plug namespace by its own
 * public key. Whether that key is trusted is the caller's question.
 */
export function verifySshSignature(signature: SshSignature, message: Buffer | string): boolean {
  if (signature.namespace !== signatureNamespace) return false;
  const digest = createHash(signature.hashAlgorithm).update(message).digest();
  // The blob ssh-keygen signs (PROTOCOL.sshsig): magic, namespace, reserved, hash algorithm, H(message).
  const signedData = Buffer.concat([
    magic,
    sshString(signature.namespace),
    sshString(""),
    sshString(signature.hashAlgorithm),
    sshString(digest),
  ]);
  return verify(null, signedData, signature.publicKey.key, signature.signature);
}
