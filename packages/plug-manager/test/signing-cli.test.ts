import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSigningKey, trustBlock, type SigningKey } from "./signing-key.js";
import { care } from "./temp-workspace.js";

const plugSource = `import { readFileSync } from "node:fs";
export default { kind: "care-plug", package: JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) };
`;
const archive = "apps/site/vendor/fixtures-sms-1.0.0.tgz";

/**
 * A publisher signs with `care pack --sign`; a site judges the archive with `care verify -d`
 * (the same judgement `care plug add` and `care sync` make) and installs it with `care sync`.
 */
describe("signed plug archives", () => {
  let workspace: string;
  let publisher: SigningKey;
  let stranger: SigningKey;
  const writeConfig = (trust: string, plugs = '[{ name: "sms", package: "file:./vendor/fixtures-sms-1.0.0.tgz" }]') =>
    writeFile(join(workspace, "apps/site/plug.config.ts"), `export default {\n  name: "site",\n  plugs: ${plugs},\n${trust}};\n`);
  const verify = () => care(workspace, ["verify", archive, "-d", "site"]);

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-signing-"));
    publisher = makeSigningKey(workspace, "acme");
    stranger = makeSigningKey(workspace, "stranger");
    await writeFile(join(workspace, "package.json"), '{ "name": "signing-fixture", "private": true }\n');
    await writeFile(join(workspace, "pnpm-workspace.yaml"), 'packages:\n  - "apps/*"\n');
    await mkdir(join(workspace, "apps/site/src"), { recursive: true });
    await writeFile(join(workspace, "apps/site/package.json"), '{ "name": "@care-deploy/site", "private": true, "type": "module" }\n');
    const dir = join(workspace, "plug-sources/sms");
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, "package.json"),
      JSON.stringify({
        name: "@fixtures/sms",
        version: "1.0.0",
        type: "module",
        main: "./index.js",
        files: ["index.js"],
        care: { plug: { id: "sms", core: "*", contract: "^1.0.0" } },
      }),
    );
    await writeFile(join(dir, "index.js"), plugSource);
  }, 60_000);
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("care pack --sign puts an SSHSIG by the publisher's key inside the archive", async () => {
    const packed = await care(workspace, ["pack", "plug-sources/sms", "-o", "apps/site/vendor", "--sign", publisher.privateKey]);
    expect(packed.code, packed.output).toBe(0);
    expect(packed.output).toContain(`signed (care-plug.sig inside) with key ${publisher.fingerprint}`);
    const listed = execFileSync("tar", ["-tzf", join(workspace, archive)], { encoding: "utf8" });
    expect(listed.split("\n")).toContain("package/care-plug.sig");
    const plain = await care(workspace, ["verify", archive]);
    expect(plain.code, plain.output).toBe(0);
    expect(plain.output).toContain(`signed by key ${publisher.fingerprint}, not yet checked`);
    const byKey = await care(workspace, ["verify", archive, "--key", publisher.publicKeyFile]);
    expect(byKey.output).toMatch(/signature: signed by acme test key \(SHA256:/);
  });

  it("a site that trusts the publisher accepts it, and care plug add installs it recording the publisher", async () => {
    await writeConfig(trustBlock({ publishers: { acme: publisher } }), "[]");
    const verified = await verify();
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toContain(`signature: signed by acme (${publisher.fingerprint}), trusted by deployment site's trust policy`);
    const added = await care(workspace, ["plug", "add", archive, "-d", "site", "--yes"]);
    expect(added.code, added.output).toBe(0);
    const lock = JSON.parse(await readFile(join(workspace, "apps/site/plugs.lock.json"), "utf8"));
    expect(lock.plugs).toEqual([
      expect.objectContaining({
        id: "sms",
        package: "@fixtures/sms",
        signedBy: "acme",
        digest: expect.stringMatching(/^sha256-[0-9a-f]{64}$/),
      }),
    ]);
    const synced = await care(workspace, ["sync", "-d", "site"]);
    expect(synced.code, synced.output).toBe(0);
  });

  it("a file added under the installed plug's node_modules breaks its signature: care check refuses it", async () => {
    await writeConfig(trustBlock({ publishers: { acme: publisher } }));
    const installed = await realpath(join(workspace, "apps/site/node_modules/@fixtures/sms"));
    const checked = await care(workspace, ["check", "-d", "site"]);
    expect(checked.output).not.toContain("plug_signature_invalid");
    // Node resolves a bare import from the plug to <plug>/node_modules/<name> before the real dependency.
    await mkdir(join(installed, "node_modules/shadow"), { recursive: true });
    await writeFile(join(installed, "node_modules/shadow/index.js"), 'console.log("shadow");\n');
    const refused = await care(workspace, ["check", "-d", "site"]);
    await rm(join(installed, "node_modules"), { recursive: true, force: true });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("[plug_signature_invalid] plug sms (@fixtures/sms@1.0.0) does not match its signature");
  });

  it("a signed archive with package/node_modules/x.js added fails its signature", async () => {
    const tampered = join(workspace, "tampered-nm");
    await mkdir(join(tampered, "package/node_modules"), { recursive: true });
    execFileSync("tar", ["-xzf", join(workspace, archive), "-C", tampered]);
    await writeFile(join(tampered, "package/node_modules/x.js"), 'console.log("x");\n');
    execFileSync("tar", ["-czf", join(workspace, "apps/site/vendor/tampered-nm.tgz"), "-C", tampered, "package"]);
    await writeFile(
      join(workspace, "apps/site/vendor/tampered-nm.tgz.sha256"),
      execFileSync("sha256sum", ["tampered-nm.tgz"], { cwd: join(workspace, "apps/site/vendor"), encoding: "utf8" }),
    );
    await writeConfig(trustBlock({ publishers: { acme: publisher } }));
    const refused = await care(workspace, ["verify", "apps/site/vendor/tampered-nm.tgz", "-d", "site"]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("[plug_signature_invalid] @fixtures/sms@1.0.0 does not match its signature");
  });

  it("a key the site does not trust is refused, saying how to trust it", async () => {
    await writeConfig(trustBlock({ publishers: { stranger } }));
    const refused = await verify();
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(`[plug_signer_untrusted] @fixtures/sms@1.0.0 is signed by key ${publisher.fingerprint}`);
    expect(refused.output).toContain("add its line to trust.publishers in plug.config.ts");
  });

  it("a revoked key and a revoked version are refused, each saying what to do", async () => {
    await writeConfig(trustBlock({ publishers: { acme: publisher }, revoked: { keys: ["acme"] } }));
    const key = await verify();
    expect(key.output).toContain("[plug_revoked]");
    expect(key.output).toContain("ask acme for a release signed with their new key");
    await writeConfig(trustBlock({ publishers: { acme: publisher }, revoked: { versions: ["@fixtures/sms@<1.0.1"] } }));
    const version = await verify();
    expect(version.code).not.toBe(0);
    expect(version.output).toContain(
      '[plug_revoked] @fixtures/sms@1.0.0 is revoked: plug.config.ts lists "@fixtures/sms@<1.0.1" in trust.revoked.versions',
    );
    expect(version.output).toContain("install a version outside <1.0.1");
  });

  it("an archive whose files changed after signing is refused", async () => {
    const tampered = join(workspace, "tampered");
    await mkdir(tampered, { recursive: true });
    execFileSync("tar", ["-xzf", join(workspace, archive), "-C", tampered]);
    await writeFile(join(tampered, "package/index.js"), `${plugSource}console.log("evil");\n`);
    execFileSync("tar", ["-czf", join(workspace, "apps/site/vendor/tampered.tgz"), "-C", tampered, "package"]);
    await writeConfig(trustBlock({ publishers: { acme: publisher } }));
    const refused = await care(workspace, [
      "verify",
      "apps/site/vendor/tampered.tgz",
      "--checksum",
      join(workspace, `${archive}.sha256`),
      "-d",
      "site",
    ]);
    expect(refused.code).not.toBe(0);
    // Its checksum no longer matches either; with a fresh checksum only the signature catches it.
    await writeFile(
      join(workspace, "apps/site/vendor/tampered.tgz.sha256"),
      execFileSync("sha256sum", ["tampered.tgz"], { cwd: join(workspace, "apps/site/vendor"), encoding: "utf8" }),
    );
    const resummed = await care(workspace, ["verify", "apps/site/vendor/tampered.tgz", "-d", "site"]);
    expect(resummed.code).not.toBe(0);
    expect(resummed.output).toContain("[plug_signature_invalid] @fixtures/sms@1.0.0 does not match its signature");
  });

  it("an unsigned archive is refused by default, saying how to accept unsigned ones", async () => {
    const packed = await care(workspace, ["pack", "plug-sources/sms", "-o", "apps/site/vendor"]);
    expect(packed.code, packed.output).toBe(0);
    await writeConfig(trustBlock({ publishers: { acme: publisher } }));
    const refused = await verify();
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("[plug_unsigned]");
    expect(refused.output).toContain(
      'ask its publisher for a signed archive (care pack --sign), or, if you accept unsigned plug archives, add "file" to trust.unsigned ' +
        "in plug.config.ts",
    );
    const config = await readFile(join(workspace, "apps/site/plug.config.ts"), "utf8");
    const synced = await care(workspace, ["sync", "-d", "site"]);
    expect(synced.code).not.toBe(0);
    expect(synced.output).toContain("[plug_unsigned]");
    expect(await readFile(join(workspace, "apps/site/plug.config.ts"), "utf8")).toBe(config);
    await writeConfig(trustBlock({ unsigned: ["workspace", "file"] }));
    const accepted = await verify();
    expect(accepted.code, accepted.output).toBe(0);
    expect(accepted.output).toContain("signature: unsigned, which deployment site's trust policy accepts for plug archives");
  });

  it("a trust block with a key that is not ed25519 is refused by name and path", async () => {
    await writeConfig(`  trust: { publishers: { acme: "ssh-rsa AAAAB3NzaC1yc2E= old" } },\n`);
    const refused = await verify();
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("trust.publishers.acme");
    expect(refused.output).toContain("ssh-keygen -t ed25519");
  });
});
