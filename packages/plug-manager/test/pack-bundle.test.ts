import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canCutNetwork } from "@care/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSigningKey, trustBlock, type SigningKey } from "./signing-key.js";
import { care, childEnv, cliPath, install } from "./temp-workspace.js";

/** A stand-in for the Care SDK: a workspace package of the @care scope, which an archive never carries. */
const sdk = { "package.json": '{ "name": "@care/plug-sdk", "version": "0.1.0", "type": "module", "main": "index.js" }\n' };
const rangesPlug = {
  "package.json": JSON.stringify({
    name: "@fixtures/ranges",
    version: "1.0.0",
    type: "module",
    main: "./index.js",
    files: ["index.js", "range.js"],
    // to-regex-range needs is-number: the archive must carry both. The SDK is a peer, as in every plug: the site's copy.
    dependencies: { "to-regex-range": "5.0.1" },
    peerDependencies: { "@care/plug-sdk": "workspace:^" },
    devDependencies: { "@care/plug-sdk": "workspace:^" },
    care: { plug: { id: "ranges", core: "*", contract: "^1.0.0" } },
  }),
  "range.js": `import toRegexRange from "to-regex-range";
export const range = (min, max) => toRegexRange(String(min), String(max));
`,
  "index.js": `import { readFileSync } from "node:fs";
export { sdk } from "@care/plug-sdk";
export { range } from "./range.js";
export default { kind: "care-plug", package: JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) };
`,
};
/** A real package's behaviour with an install script (a file: dependency, installed into node_modules/.pnpm like any other). */
const noisyPackage = (marker: string) => ({
  "package.json": JSON.stringify({
    name: "noisy",
    version: "1.0.0",
    main: "index.js",
    scripts: { postinstall: `node -e "require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')"` },
  }),
  "index.js": "module.exports = 1;\n",
});
const noisyPlug = {
  "package.json": JSON.stringify({
    name: "@fixtures/noisy",
    version: "1.0.0",
    type: "module",
    main: "./index.js",
    files: ["index.js"],
    dependencies: { noisy: "file:../../vendor/noisy" },
    care: { plug: { id: "noisy", core: "*", contract: "^1.0.0" } },
  }),
  "index.js": "export default {};\n",
};

/** A plug that needs another plug's package: that one is the deployment's to install, never a copy inside this archive. */
const otherPlug = {
  "package.json": JSON.stringify({
    name: "@fixtures/other-plug",
    version: "1.0.0",
    main: "index.js",
    care: { plug: { id: "other", core: "*", contract: "^1.0.0" } },
  }),
  "index.js": "module.exports = {};\n",
};
const usesPlug = {
  "package.json": JSON.stringify({
    name: "@fixtures/uses-plug",
    version: "1.0.0",
    type: "module",
    main: "./index.js",
    files: ["index.js"],
    dependencies: { "@fixtures/other-plug": "file:../../vendor/other-plug", "to-regex-range": "5.0.1" },
    care: { plug: { id: "uses_plug", core: "*", contract: "^1.0.0", dependencies: { other: "^1.0.0" } } },
  }),
  "index.js": "export default {};\n",
};

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
}

/** The entries of a tarball, and one entry's text. */
const entries = (tarball: string) => execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
const entryText = (tarball: string, path: string) => execFileSync("tar", ["-xzOf", tarball, path], { encoding: "utf8" });

/**
 * `care` with the network cut off (a namespace of its own with loopback only, where the machine
 * allows it) and pnpm told to stay offline: whatever the archive lacks, pnpm cannot fetch.
 */
function careOffline(cwd: string, args: string[]): { code: number | null; output: string } {
  const command = [process.execPath, cliPath, ...args];
  const [file, argv] = canCutNetwork
    ? ["unshare", ["-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", ...command]]
    : [command[0]!, command.slice(1)];
  const run = spawnSync(file, argv, {
    cwd,
    encoding: "utf8",
    env: { ...childEnv(), DATABASE_URL: "", CARE_DATA_DIR: "", pnpm_config_offline: "true" },
    timeout: 300_000,
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

/**
 * `care pack` carries a plug's dependencies inside its archive (npm's bundleDependencies), so that a
 * site whose pnpm store holds none of them installs it offline; `care verify` says when an archive
 * would need the network; bundled packages that would run code at install are refused.
 */
describe("archives that carry their dependencies", () => {
  let publisher: SigningKey;
  /** The publisher's workspace: the plug, its dependencies installed by pnpm. */
  let author: string;
  /** The site's workspace: its Care package, a deployment, and a pnpm store of its own that starts empty. */
  let site: string;
  let scratch: string;
  const marker = () => join(scratch, "noisy-ran");
  const siteFile = (path: string) => readFile(join(site, path), "utf8");
  const siteConfig = (trust: string) =>
    writeFile(join(site, "apps/site/plug.config.ts"), `export default {\n  name: "site",\n${trust}  plugs: [],\n};\n`);

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "care-pack-bundle-"));
    author = join(scratch, "author");
    site = join(scratch, "site");
    publisher = makeSigningKey(scratch, "acme");

    await writeFiles(author, { "package.json": '{ "name": "author-fixture", "private": true }\n' });
    await writeFile(
      join(author, "pnpm-workspace.yaml"),
      // noisy's build is refused here as on any pnpm 12 workspace that did not approve it.
      'packages:\n  - "packages/*"\n  - "plug-sources/*"\nallowBuilds:\n  noisy: false\n',
    );
    await writeFiles(join(author, "packages/sdk"), { ...sdk, "index.js": "export const sdk = true;\n" });
    await writeFiles(join(author, "plug-sources/ranges"), rangesPlug);
    await writeFiles(join(author, "plug-sources/noisy"), noisyPlug);
    await writeFiles(join(author, "vendor/noisy"), noisyPackage(marker()));
    await writeFiles(join(author, "vendor/other-plug"), otherPlug);
    await writeFiles(join(author, "plug-sources/uses-plug"), usesPlug);
    await install(author);

    await writeFiles(site, { "package.json": '{ "name": "site-fixture", "private": true }\n' });
    await writeFile(
      join(site, "pnpm-workspace.yaml"),
      `packages:\n  - "apps/*"\n  - "packages/*"\nstoreDir: ${JSON.stringify(join(site, "store"))}\n` +
        // As in a Care workspace: the SDK an archive names by range is the workspace's own.
        'overrides:\n  "@care/plug-sdk": "workspace:^"\n',
    );
    await writeFiles(join(site, "packages/sdk"), { ...sdk, "index.js": 'export const sdk = "site";\n' });
    await writeFiles(join(site, "apps/site/src"), {});
    // A deployment supplies the SDK its plugs name as a peer.
    await writeFile(
      join(site, "apps/site/package.json"),
      '{ "name": "@care-deploy/site", "private": true, "type": "module", "dependencies": { "@care/plug-sdk": "workspace:^" } }\n',
    );
    await siteConfig(trustBlock({ publishers: { acme: publisher } }));
    await mkdir(join(site, "vendor"));
  }, 300_000);
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it("care pack puts the plug's dependencies, and theirs, under node_modules/ with their licences, but not the Care package", async () => {
    const packed = await care(author, ["pack", "plug-sources/ranges", "-o", "dist-bundled", "--sign", publisher.privateKey]);
    expect(packed.code, packed.output).toBe(0);
    expect(packed.output).toContain("bundled 2 package(s) under node_modules/");
    expect(packed.output).toContain("is-number@7.0.0, to-regex-range@5.0.1");
    const archive = join(author, "dist-bundled/fixtures-ranges-1.0.0.tgz");
    const listed = entries(archive);
    for (const file of ["index.js", "package.json", "LICENSE"]) {
      expect(listed).toContain(`package/node_modules/to-regex-range/${file}`);
      expect(listed).toContain(`package/node_modules/is-number/${file}`);
    }
    expect(listed.some((path) => path.includes("@care/"))).toBe(false);
    // The signature is made last: it is in the archive, and covers the bundled files (see the tampering case).
    expect(listed).toContain("package/care-plug.sig");

    const manifest = JSON.parse(entryText(archive, "package/package.json"));
    expect(manifest.bundleDependencies).toEqual(["to-regex-range"]);
    expect(manifest.dependencies).toEqual({ "to-regex-range": "5.0.1" });
    expect(manifest.peerDependencies).toEqual({ "@care/plug-sdk": "^0.1.0" });
    const notices = entryText(archive, "package/THIRD-PARTY-NOTICES.md");
    expect(notices).toContain("| to-regex-range | 5.0.1 | MIT | node_modules/to-regex-range/LICENSE |");
    expect(notices).toContain("| is-number | 7.0.0 | MIT | node_modules/is-number/LICENSE |");

    // Node finds the dependency (and its own) from the archive's files alone.
    const unpacked = join(scratch, "unpacked");
    await mkdir(unpacked);
    execFileSync("tar", ["-xzf", archive, "-C", unpacked]);
    const loaded = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { range } from ${JSON.stringify(join(unpacked, "package/range.js"))}; console.log(range(1, 99));`,
      ],
      { encoding: "utf8" },
    );
    expect(loaded.trim()).toBe("(?:[1-9]|[1-9][0-9])");

    const verified = await care(author, ["verify", archive, "--key", publisher.publicKeyFile]);
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toContain("bundled: is-number@7.0.0, to-regex-range@5.0.1");
    expect(verified.output).toContain("installs offline: every dependency outside Care is bundled");
    const json = await care(author, ["verify", archive, "--json"]);
    expect(json.code, json.output).toBe(0);
    expect(JSON.parse(json.output)).toMatchObject({ name: "@fixtures/ranges", needsNetwork: [] });
  });

  it("a site whose store holds none of them installs the archive with the network cut off, and the plug loads its dependency", async () => {
    await writeFile(join(site, "vendor/fixtures-ranges-1.0.0.tgz"), await readFile(join(author, "dist-bundled/fixtures-ranges-1.0.0.tgz")));
    await writeFile(
      join(site, "vendor/fixtures-ranges-1.0.0.tgz.sha256"),
      await readFile(join(author, "dist-bundled/fixtures-ranges-1.0.0.tgz.sha256")),
    );
    const added = careOffline(site, ["plug", "add", "./vendor/fixtures-ranges-1.0.0.tgz", "-d", "site", "--yes"]);
    expect(added.code, added.output).toBe(0);
    expect(added.output).toContain("signed by acme");
    expect(JSON.parse(await siteFile("apps/site/plugs.lock.json")).plugs[0]).toMatchObject({ id: "ranges", signedBy: "acme" });
    const loaded = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", 'import { range, sdk } from "@fixtures/ranges"; console.log(range(10, 19), sdk);'],
      { cwd: join(site, "apps/site"), encoding: "utf8" },
    );
    // Its SDK peer is the deployment's: the site's workspace package, not a copy fetched for the plug.
    expect(loaded.trim()).toBe("1[0-9] site");
    expect(await siteFile("pnpm-lock.yaml")).not.toMatch(/^\s+'?@care\/plug-sdk@/m);
    // The site's store never received to-regex-range: only the archive did.
    expect(await siteFile("pnpm-lock.yaml")).not.toMatch(/^\s+to-regex-range@/m);
    const checked = await care(site, ["check", "-d", "site"]);
    expect(checked.code, checked.output).toBe(0);
  }, 300_000);

  it("an archive packed with --no-bundle is refused by pnpm offline there; care verify names what needs the network", async () => {
    const packed = await care(author, ["pack", "plug-sources/ranges", "-o", "dist-plain", "--no-bundle"]);
    expect(packed.code, packed.output).toBe(0);
    expect(packed.output).toContain("needs the network for: to-regex-range@5.0.1");
    const archive = join(author, "dist-plain/fixtures-ranges-1.0.0.tgz");
    expect(entries(archive).some((path) => path.includes("node_modules/"))).toBe(false);

    const verified = await care(author, ["verify", archive]);
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toContain("needs the network for: to-regex-range@5.0.1");
    expect(JSON.parse((await care(author, ["verify", archive, "--json"])).output).needsNetwork).toEqual(["to-regex-range@5.0.1"]);

    // With -d, what the workspace's lockfile holds counts as on the site already; this site's has no to-regex-range.
    await siteConfig(trustBlock({ unsigned: ["workspace", "file"] }));
    await writeFile(join(site, "vendor/plain.tgz"), await readFile(archive));
    execFileSync("sh", ["-c", "sha256sum plain.tgz > plain.tgz.sha256"], { cwd: join(site, "vendor") });
    const atSite = await care(site, ["verify", "vendor/plain.tgz", "-d", "site", "--json"]);
    expect(atSite.code, atSite.output).toBe(0);
    expect(JSON.parse(atSite.output).needsNetwork).toEqual(["to-regex-range@5.0.1"]);

    const before = await siteFile("apps/site/plug.config.ts");
    const refused = careOffline(site, ["plug", "add", "./vendor/plain.tgz", "-d", "site", "--id", "plain", "--yes"]);
    expect(refused.code, refused.output).toBe(1);
    // pnpm fetches the dependency and its own in parallel: whichever it misses first is named.
    expect(refused.output).toMatch(/fetch tarball for (to-regex-range@5\.0\.1|is-number@7\.0\.0)[\s\S]*in offline\s+mode/);
    expect(refused.output).toContain("plug.config.ts, package.json, pnpm-lock.yaml and node_modules are as they were");
    expect(await siteFile("apps/site/plug.config.ts")).toBe(before);
  }, 300_000);

  it("never bundles another plug the plug depends on: the deployment installs each plug once", async () => {
    const packed = await care(author, ["pack", "plug-sources/uses-plug", "-o", "dist-uses"]);
    expect(packed.code, packed.output).toBe(0);
    expect(packed.output).toContain("bundled 2 package(s) under node_modules/ (licences listed in THIRD-PARTY-NOTICES.md): is-number");
    const archive = join(author, "dist-uses/fixtures-uses-plug-1.0.0.tgz");
    expect(entries(archive).filter((path) => path.includes("other-plug"))).toEqual([]);
    expect(JSON.parse(entryText(archive, "package/package.json")).bundleDependencies).toEqual(["to-regex-range"]);
  });

  it("refuses to bundle a dependency with an install script, leaving no archive behind; its script never ran", async () => {
    const refused = await care(author, ["pack", "plug-sources/noisy", "-o", "dist-noisy"]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("[pack_dependency_not_bundlable] cannot bundle noisy@1.0.0 (its postinstall script runs");
    expect(refused.output).toContain("--no-bundle");
    expect(refused.output).not.toMatch(/\n\s+at /);
    expect(existsSync(join(author, "dist-noisy")) ? await readdir(join(author, "dist-noisy")) : []).toEqual([]);
    expect(existsSync(marker())).toBe(false);
  });

  it("refuses an archive whose bundled package has an install script or a binding.gyp, before anything installs it", async () => {
    const unpacked = join(scratch, "scripted");
    await mkdir(unpacked);
    execFileSync("tar", ["-xzf", join(author, "dist-bundled/fixtures-ranges-1.0.0.tgz"), "-C", unpacked]);
    const manifestPath = join(unpacked, "package/node_modules/is-number/package.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    manifest.scripts = { postinstall: `node -e "require('fs').writeFileSync(${JSON.stringify(marker())}, 'ran')"` };
    await writeFile(manifestPath, JSON.stringify(manifest));
    await writeFile(join(unpacked, "package/node_modules/to-regex-range/binding.gyp"), "{ 'targets': [] }\n");
    await rm(join(unpacked, "package/care-plug.sig"));
    execFileSync("tar", ["-czf", join(site, "vendor/scripted.tgz"), "-C", unpacked, "package"]);
    execFileSync("sh", ["-c", "sha256sum scripted.tgz > scripted.tgz.sha256"], { cwd: join(site, "vendor") });

    const verified = await care(site, ["verify", "vendor/scripted.tgz"]);
    expect(verified.code).toBe(1);
    expect(verified.output).toContain(
      '[archive_bundled_install_script] entry "package/node_modules/is-number/package.json" belongs to the bundled package ' +
        "is-number@7.0.0, and its postinstall script runs",
    );
    expect(verified.output).toContain(
      '[archive_bundled_install_script] entry "package/node_modules/to-regex-range/binding.gyp" belongs to the bundled package ' +
        "to-regex-range@5.0.1, and it has a binding.gyp",
    );
    const before = await siteFile("apps/site/plug.config.ts");
    const refused = careOffline(site, ["plug", "add", "./vendor/scripted.tgz", "-d", "site", "--id", "scripted", "--yes"]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("[archive_bundled_install_script]");
    expect(await siteFile("apps/site/plug.config.ts")).toBe(before);
    expect(existsSync(marker())).toBe(false);
  }, 300_000);

  it("refuses an archive that names a bundled package it does not carry", async () => {
    const unpacked = join(scratch, "hollow");
    await mkdir(unpacked);
    execFileSync("tar", ["-xzf", join(author, "dist-bundled/fixtures-ranges-1.0.0.tgz"), "-C", unpacked]);
    await rm(join(unpacked, "package/node_modules/to-regex-range"), { recursive: true });
    execFileSync("tar", ["-czf", join(site, "vendor/hollow.tgz"), "-C", unpacked, "package"]);
    execFileSync("sh", ["-c", "sha256sum hollow.tgz > hollow.tgz.sha256"], { cwd: join(site, "vendor") });
    const verified = await care(site, ["verify", "vendor/hollow.tgz"]);
    expect(verified.code).toBe(1);
    expect(verified.output).toContain(
      '[archive_bundled_missing] entry "package/package.json" lists to-regex-range in bundleDependencies, but the archive has no ' +
        "package/node_modules/to-regex-range/package.json",
    );
  });

  it("a bundled file changed after packing is caught: by the checksum, and with a new checksum by the signature", async () => {
    const original = join(author, "dist-bundled/fixtures-ranges-1.0.0.tgz");
    const unpacked = join(scratch, "tampered");
    await mkdir(unpacked);
    execFileSync("tar", ["-xzf", original, "-C", unpacked]);
    await writeFile(join(unpacked, "package/node_modules/is-number/index.js"), "module.exports = () => true;\n");
    execFileSync("tar", ["-czf", join(site, "vendor/tampered.tgz"), "-C", unpacked, "package"]);
    await writeFile(
      join(site, "vendor/tampered.tgz.sha256"),
      (await readFile(`${original}.sha256`, "utf8")).replace("fixtures-ranges-1.0.0.tgz", "tampered.tgz"),
    );
    const byChecksum = await care(site, ["verify", "vendor/tampered.tgz"]);
    expect(byChecksum.code).toBe(1);
    expect(byChecksum.output).toContain("[archive_checksum_mismatch]");

    execFileSync("sh", ["-c", "sha256sum tampered.tgz > tampered.tgz.sha256"], { cwd: join(site, "vendor") });
    const bySignature = await care(site, ["verify", "vendor/tampered.tgz", "--key", publisher.publicKeyFile]);
    expect(bySignature.code).toBe(1);
    expect(bySignature.output).toContain("[plug_signature_invalid] @fixtures/ranges@1.0.0 does not match its signature");
  });
});
