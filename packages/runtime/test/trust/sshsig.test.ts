import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePublicKeyLine, parseSshSignature, SshFormatError, verifySshSignature } from "../../src/trust/index.js";

// Signatures made by the real ssh-keygen: the verifier must agree with the tool publishers use.
const dir = mkdtempSync(join(tmpdir(), "care-sshsig-"));
const makeKey = (name: string, type = "ed25519") => {
  execFileSync("ssh-keygen", ["-q", "-t", type, "-N", "", "-C", name, "-f", join(dir, name)]);
  return join(dir, name);
};
const sign = (key: string, message: string, namespace = "care-plug") => {
  const file = join(dir, `message-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, message);
  execFileSync("ssh-keygen", ["-Y", "sign", "-f", key, "-n", namespace, file], { stdio: "ignore" });
  return readFileSync(`${file}.sig`, "utf8");
};
const fingerprintOf = (key: string) =>
  execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", `${key}.pub`], { encoding: "utf8" }).split(" ")[1];

const publisher = makeKey("publisher");
const listing = `care-plug-files v2\n${"a".repeat(64)}  "package.json"\n`;

describe("SSHSIG verification against ssh-keygen", () => {
  it("accepts a signature ssh-keygen made, with the key and fingerprint ssh-keygen reports", () => {
    const signature = parseSshSignature(sign(publisher, listing));
    expect(signature.namespace).toBe("care-plug");
    expect(signature.publicKey.fingerprint).toBe(fingerprintOf(publisher));
    expect(parsePublicKeyLine(readFileSync(`${publisher}.pub`, "utf8")).fingerprint).toBe(fingerprintOf(publisher));
    expect(verifySshSignature(signature, listing)).toBe(true);
  });

  it("refuses a changed listing", () => {
    expect(verifySshSignature(parseSshSignature(sign(publisher, listing)), `${listing}def  evil.js\n`)).toBe(false);
  });

  it("refuses another namespace (a git commit signature is not a plug signature)", () => {
    const signature = parseSshSignature(sign(publisher, listing, "git"));
    expect(signature.namespace).toBe("git");
    expect(verifySshSignature(signature, listing)).toBe(false);
  });

  it("refuses a signature whose embedded key was swapped for another's", () => {
    const other = parsePublicKeyLine(readFileSync(`${makeKey("other")}.pub`, "utf8"));
    const signature = parseSshSignature(sign(publisher, listing));
    expect(verifySshSignature({ ...signature, publicKey: other }, listing)).toBe(false);
  });

  it("says what is wrong with truncated or garbage armor", () => {
    const armored = sign(publisher, listing);
    const lines = armored.trim().split("\n");
    const truncated = [...lines.slice(0, 3), lines.at(-1)].join("\n");
    expect(() => parseSshSignature(truncated)).toThrow(SshFormatError);
    expect(() => parseSshSignature("hello")).toThrow(/not an SSH signature/);
    expect(() => parseSshSignature(armored.replace(/^(-----BEGIN SSH SIGNATURE-----\n)./, "$1!"))).toThrow(/not base64/);
  });

  it("refuses a key that is not ed25519, saying how to make one", () => {
    const rsa = makeKey("rsa", "rsa");
    expect(() => parsePublicKeyLine(readFileSync(`${rsa}.pub`, "utf8"))).toThrow(/ssh-keygen -t ed25519/);
    expect(() => parseSshSignature(sign(rsa, listing))).toThrow(/ssh-keygen -t ed25519/);
  });
});
