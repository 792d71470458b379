import { createHash, createPublicKey, type KeyObject } from "node:crypto";

/** An OpenSSH ed25519 public key, as `ssh-keygen` writes it in a `.pub` file. */
export interface SshPublicKey {
  /** The wire-format key blob (string "ssh-ed25519", string key). */
  blob: Buffer;
  /** `SHA256:<base64 without padding>`, as `ssh-keygen -l` prints it. */
  fingerprint: string;
  key: KeyObject;
}

/** Why a key or signature could not be read; `message` says what, for the person fixing it. */
export class SshFormatError extends Error {
  override readonly name = "SshFormatError";
  readonly code = "ssh_format_invalid";
}

export const ed25519Only =
  'only ssh-ed25519 keys are supported; make one with: ssh-keygen -t ed25519 -f care-publisher -C "<who publishes>"';

/** Reads SSH wire-format strings (uint32 length, bytes) one after another. */
export class SshReader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}

  bytes(what: string): Buffer {
    if (this.offset + 4 > this.buffer.length) throw new SshFormatError(`${what} is missing (the data ends early)`);
    const length = this.buffer.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (start + length > this.buffer.length)
      throw new SshFormatError(`${what} is cut short (${length} bytes announced, ${this.buffer.length - start} left)`);
    this.offset = start + length;
    return this.buffer.subarray(start, start + length);
  }

  string(what: string): string {
    return this.bytes(what).toString("utf8");
  }

  uint32(what: string): number {
    if (this.offset + 4 > this.buffer.length) throw new SshFormatError(`${what} is missing (the data ends early)`);
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  raw(length: number, what: string): Buffer {
    if (this.offset + length > this.buffer.length) throw new SshFormatError(`${what} is missing (the data ends early)`);
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  get done(): boolean {
    return this.offset === this.buffer.length;
  }
}

/** SSH wire-format string: uint32 length, then the bytes. */
export function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** The fingerprint ssh-keygen prints for a key blob: SHA256 of it, base64 without padding. */
export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** A public key from its wire-format blob; only ed25519 (the one kind care-plug signatures use). */
export function publicKeyFromBlob(blob: Buffer): SshPublicKey {
  const reader = new SshReader(blob);
  const type = reader.string("the key type");
  if (type !== "ssh-ed25519") throw new SshFormatError(`the key is ${type}; ${ed25519Only}`);
  const raw = reader.bytes("the ed25519 key");
  if (raw.length !== 32 || !reader.done) throw new SshFormatError("the ed25519 key is not 32 bytes, so the key is damaged");
  const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" });
  return { blob: Buffer.from(blob), fingerprint: sshFingerprint(blob), key };
}

/** A public key from a `.pub` line: `ssh-ed25519 AAAA... comment`. */
export function parsePublicKeyLine(line: string): SshPublicKey {
  const [type, data] = line.trim().split(/\s+/);
  if (!type || !data)
    throw new SshFormatError('it is not an OpenSSH public key line ("ssh-ed25519 AAAA... comment", the content of a .pub file)');
  if (type !== "ssh-ed25519") throw new SshFormatError(`the key is ${type}; ${ed25519Only}`);
  const blob = Buffer.from(data, "base64");
  if (blob.toString("base64").replace(/=+$/, "") !== data.replace(/=+$/, ""))
    throw new SshFormatError("its key data is not valid base64, so the line is damaged or cut short");
  const key = publicKeyFromBlob(blob);
  if (!key.blob.subarray(4, 15).equals(Buffer.from(type))) throw new SshFormatError("its key data does not match its type");
  return key;
}
