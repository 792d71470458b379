import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import {
  fileListing,
  parseSshSignature,
  signatureFile,
  signatureNamespace,
  SshFormatError,
  verifySshSignature,
} from "@care/runtime/tooling";
import { replace } from "tar";
import { CareCliError } from "../cli-error.js";
import { verifyArchive } from "./verify.js";

/** The date npm and pnpm give every packed entry, so the signature entry looks like its neighbours. */
const packedDate = new Date("1985-10-26T08:15:00.000Z");

/**
 * Signs a packed plug: the file listing of the tarball's entries (as the installer will write them)
 * is signed with `ssh-keygen -Y sign -n care-plug`, and the signature added to the tarball as
 * `package/care-plug.sig`. Returns the signing key's fingerprint.
 */
export async function signArchive(tarball: string, keyFile: string): Promise<{ fingerprint: string }> {
  const key = resolve(keyFile);
  if (!existsSync(key)) {
    throw new CareCliError(`cannot sign with ${keyFile}: no such file`, {
      code: "signing_key_missing",
      hint: 'pass the private key file; make one with: ssh-keygen -t ed25519 -f care-publisher -C "<who publishes>"',
    });
  }
  const packed = await verifyArchive(tarball, { checksumFile: false });
  if (packed.signature !== undefined) {
    throw new CareCliError(`cannot sign ${packed.name}: the plug's folder already holds a ${signatureFile}, which pnpm packed`, {
      code: "plug_signature_invalid",
      hint: `delete ${signatureFile} from the plug's folder and run care pack --sign again`,
    });
  }
  const listing = fileListing(packed.contents);
  const work = await mkdtemp(join(tmpdir(), "care-sign-"));
  try {
    const listingFile = join(work, "listing");
    await writeFile(listingFile, listing);
    await sshKeygenSign(key, listingFile);
    const armored = await readFile(`${listingFile}.sig`, "utf8");
    let fingerprint: string;
    try {
      const signature = parseSshSignature(armored);
      if (!verifySshSignature(signature, listing)) throw new SshFormatError("ssh-keygen's signature does not verify");
      fingerprint = signature.publicKey.fingerprint;
    } catch (error) {
      if (!(error instanceof SshFormatError)) throw error;
      throw new CareCliError(`cannot sign with ${keyFile}: ${error.message}`, { code: "signing_key_unsupported" });
    }
    // The tar layer is appended to as is: every packed entry keeps its bytes, so the listing holds.
    const tar = join(work, "plug.tar");
    await writeFile(tar, gunzipSync(await readFile(tarball)));
    await mkdir(join(work, "package"));
    await writeFile(join(work, "package", signatureFile), armored);
    replace({ sync: true, file: tar, cwd: work, portable: true, mtime: packedDate }, [`package/${signatureFile}`]);
    await writeFile(tarball, gzipSync(await readFile(tar), { level: 9 }));
    return { fingerprint };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `ssh-keygen -Y sign`: the terminal stays attached, so a passphrase-protected key can be unlocked. */
function sshKeygenSign(key: string, file: string): Promise<void> {
  return new Promise((resolveSign, reject) => {
    const child = spawn("ssh-keygen", ["-Y", "sign", "-f", key, "-n", signatureNamespace, file], { stdio: ["inherit", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", () =>
      reject(
        new CareCliError("cannot sign: ssh-keygen is not installed", {
          code: "ssh_keygen_missing",
          hint: "install it (Debian: apt-get install openssh-client) and run care pack --sign again",
        }),
      ),
    );
    child.on("close", (code) =>
      code === 0
        ? resolveSign()
        : reject(
            new CareCliError(`ssh-keygen could not sign with ${key}:\n  ${output.trim().split("\n").join("\n  ")}`, {
              code: "signing_failed",
              hint: "check that the file is your ed25519 private key (not the .pub) and its passphrase",
            }),
          ),
    );
  });
}
