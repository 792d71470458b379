import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import { Header, list, type HeaderData } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packPlug } from "../src/archive/pack.js";
import {
  ArchiveVerificationError,
  verifyArchive,
  type ArchiveProblem,
  type ArchiveProblemCode,
  type VerifyOptions,
} from "../src/archive/verify.js";
import { CareCliError } from "../src/cli-error.js";
import { care, sourceRoot } from "./temp-workspace.js";

const helloDir = join(sourceRoot, "plugs/hello");
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "care-archive-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A fresh folder per archive, so that nothing one test writes is seen by another. */
let folders = 0;
async function folder(): Promise<string> {
  const dir = join(scratch, `case-${++folders}`);
  await mkdir(dir);
  return dir;
}

/** One entry's text, read from a tarball in memory. */
async function entryText(tarball: string, path: string): Promise<string> {
  const chunks: Buffer[] = [];
  await list({
    file: tarball,
    filter: (entryPath) => entryPath === path,
    onReadEntry: (entry) => entry.on("data", (chunk: Buffer) => chunks.push(chunk)),
  });
  return Buffer.concat(chunks).toString("utf8");
}

interface CraftedEntry {
  path: string;
  type?: NonNullable<HeaderData["type"]>;
  body?: string | Buffer;
  linkpath?: string;
}

/** A tar built header by header, so that it can hold what no honest packer writes. */
function tarOf(entries: CraftedEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? "");
    const block = Buffer.alloc(512);
    new Header({
      path: entry.path,
      type: entry.type ?? "File",
      size: body.length,
      mode: entry.type === "Directory" ? 0o755 : 0o644,
      uid: 0,
      gid: 0,
      mtime: new Date(0),
      linkpath: entry.linkpath,
    }).encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024)); // two zero blocks end a tar
  return Buffer.concat(blocks);
}

const plugPackageJson = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: "@care-plugs/crafted",
    version: "1.2.3",
    type: "module",
    main: "./index.js",
    care: { plug: { id: "crafted", core: ">=0.1.0 <1.0.0", contract: "^1.0.0" } },
    ...overrides,
  });

/** What a good plug archive holds; each bad case below changes one thing. */
const goodEntries = (): CraftedEntry[] => [
  { path: "package/package.json", body: plugPackageJson() },
  { path: "package/index.js", body: "export default {};\n" },
  { path: "package/migrations/", type: "Directory" },
  { path: "package/migrations/install.sql", body: "create table crafted.note (id uuid primary key);\n" },
];

/** Writes the archive and (unless told not to) its `sha256sum`-style checksum file; returns its path. */
async function writeArchive(content: Buffer, options: { checksum?: boolean; name?: string } = {}): Promise<string> {
  const file = join(await folder(), options.name ?? "crafted-1.2.3.tgz");
  await writeFile(file, content);
  if (options.checksum !== false) await writeFile(`${file}.sha256`, `${sha256(content)}  ${basename(file)}\n`);
  return file;
}

/** Verifies, expecting failure; returns the problems and the message the CLI would print. */
async function problemsOf(file: string, options?: VerifyOptions): Promise<{ problems: ArchiveProblem[]; message: string }> {
  const error = await verifyArchive(file, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, "verification should have failed").toBeInstanceOf(ArchiveVerificationError);
  expect(error).toBeInstanceOf(CareCliError);
  const failure = error as ArchiveVerificationError;
  return { problems: failure.problems, message: failure.describe() };
}

/** Expects exactly one problem, with `code`, about `entry` (or the archive as a whole), matching `pattern`; the error has its code. */
async function expectOnlyProblem(
  file: string,
  code: ArchiveProblemCode,
  entry: string | undefined,
  pattern: RegExp,
  options?: VerifyOptions,
): Promise<string> {
  const { problems, message } = await problemsOf(file, options);
  expect(problems, message).toHaveLength(1);
  expect(problems[0]?.code).toBe(code);
  expect(message.startsWith(`[${code}] `), message).toBe(true);
  expect(problems[0]?.entry).toBe(entry);
  expect(problems[0]?.problem).toMatch(pattern);
  expect(problems[0]?.fix.length).toBeGreaterThan(10);
  return message;
}

describe("care pack", () => {
  beforeAll(() => {
    // The caller builds before packing; build hello (and what it depends on) if it was never built.
    if (!existsSync(join(helloDir, "dist/index.js"))) {
      execFileSync("pnpm", ["--filter", "@care-plugs/hello...", "build"], { cwd: sourceRoot, stdio: "pipe", timeout: 240_000 });
    }
  }, 300_000);

  it("packs plugs/hello with pnpm pack, writes a sha256sum-style checksum, and the archive verifies", async () => {
    const outDir = join(await folder(), "out");
    const packed = await packPlug(helloDir, { outDir });
    const hello = JSON.parse(await readFile(join(helloDir, "package.json"), "utf8"));

    expect(packed).toMatchObject({ name: "@care-plugs/hello", version: hello.version, id: "hello" });
    expect(packed.tarball).toBe(join(outDir, `care-plugs-hello-${hello.version}.tgz`));
    expect(packed.checksumFile).toBe(`${packed.tarball}.sha256`);
    const tarball = await readFile(packed.tarball);
    expect(packed.sha256).toBe(sha256(tarball));
    expect(await readFile(packed.checksumFile, "utf8")).toBe(`${sha256(tarball)}  ${basename(packed.tarball)}\n`);

    // pnpm's packer: only `files` (dist, migrations) and package.json, with workspace ranges made real.
    const packedJson = JSON.parse(await entryText(packed.tarball, "package/package.json"));
    // The SDK is a peer (the site's one copy), its workspace range made a real one.
    expect(packedJson.peerDependencies["@care/plug-sdk"]).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(packedJson.dependencies).not.toHaveProperty("@care/plug-sdk");
    expect(JSON.stringify(packedJson)).not.toContain("workspace:");

    const verified = await verifyArchive(packed.tarball);
    expect(verified).toMatchObject({ name: "@care-plugs/hello", version: hello.version, id: "hello", sha256: packed.sha256 });
    expect(verified.files).toEqual(expect.arrayContaining(["package.json", "dist/index.js", "migrations/install.sql"]));
    expect(verified.files.some((path) => path.startsWith("src/"))).toBe(false);
    // The SDK is the site's: no copy of it, nor of any Care package, travels in the archive.
    expect(verified.bundled.map((item) => item.name)).toContain("zod");
    expect(verified.bundled.filter((item) => item.name.startsWith("@care/"))).toEqual([]);
    expect(verified.unpackedSize).toBeGreaterThan(0);
  });

  it("refuses a folder that is not a plug, before packing anything", async () => {
    const dir = await folder();
    const outDir = join(dir, "out");
    const plain = join(dir, "plain");
    await mkdir(plain);
    await writeFile(join(plain, "package.json"), JSON.stringify({ name: "plain", version: "1.0.0" }));
    await expect(packPlug(plain, { outDir })).rejects.toThrow(
      /cannot pack .*plain: it is not a valid plug; its package.json has no "care": \{ "plug"/,
    );

    const badId = join(dir, "bad-id");
    await mkdir(badId);
    await writeFile(join(badId, "package.json"), plugPackageJson({ care: { plug: { id: "Bad-Id", core: ">=0.1.0" } } }));
    await expect(packPlug(badId, { outDir })).rejects.toThrow(
      /invalid care\.plug block: care\.plug\.id: a plug id is 1-32 lowercase letters/,
    );

    const badVersion = join(dir, "bad-version");
    await mkdir(badVersion);
    await writeFile(join(badVersion, "package.json"), plugPackageJson({ version: "one" }));
    await expect(packPlug(badVersion, { outDir })).rejects.toThrow(/has version "one", which is not a semver version/);

    const empty = join(dir, "empty");
    await mkdir(empty);
    await expect(packPlug(empty, { outDir })).rejects.toThrow(/it has no package.json, so it is not a plug/);

    const error = await packPlug(plain, { outDir }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CareCliError);
    expect((error as CareCliError).hint).toMatch(/"care": \{ "plug"/);
    expect(existsSync(outDir)).toBe(false);
  });

  it("refuses a plug whose main file is not built yet", async () => {
    const dir = await folder();
    await writeFile(join(dir, "package.json"), plugPackageJson({ main: "./dist/index.js" }));
    await expect(packPlug(dir, { outDir: join(dir, "out") })).rejects.toThrow(/main file \.\/dist\/index\.js does not exist yet/);
  });
});

describe("care verify", () => {
  it("passes a good crafted archive and reports what is in it", async () => {
    const file = await writeArchive(gzipSync(tarOf(goodEntries())));
    const verified = await verifyArchive(file);
    expect(verified).toEqual({
      name: "@care-plugs/crafted",
      version: "1.2.3",
      id: "crafted",
      files: ["index.js", "migrations/install.sql", "package.json"],
      unpackedSize: goodEntries().reduce((sum, entry) => sum + Buffer.byteLength(entry.body ?? ""), 0),
      sha256: sha256(await readFile(file)),
      // What a signature covers: each file's SHA-256; this archive is unsigned.
      contents: expect.arrayContaining(
        goodEntries()
          .filter((entry) => entry.type !== "Directory")
          .map((entry) => ({ path: entry.path.slice("package/".length), sha256: sha256(Buffer.from(entry.body ?? "")) })),
      ),
      signature: undefined,
      packageJson: JSON.parse(plugPackageJson()),
      bundled: [],
    });
  });

  it('refuses an entry with a ".." segment, and writes nothing to disk', async () => {
    const file = await writeArchive(gzipSync(tarOf([...goodEntries(), { path: "package/../evil.js", body: "process.exit(1)" }])));
    const message = await expectOnlyProblem(
      file,
      "archive_path_unsafe",
      "package/../evil.js",
      /has a "\.\." segment, so unpacking it would write outside the package folder/,
    );
    expect(message).toContain('entry "package/../evil.js" has a ".." segment');
    const dir = join(file, "..");
    expect((await readdir(dir)).sort()).toEqual([basename(file), `${basename(file)}.sha256`]);
    expect(existsSync(join(dir, "evil.js"))).toBe(false);
  });

  it("refuses an absolute path", async () => {
    const file = await writeArchive(gzipSync(tarOf([...goodEntries(), { path: "/tmp/care-evil.js", body: "x" }])));
    await expectOnlyProblem(file, "archive_path_unsafe", "/tmp/care-evil.js", /has an absolute path/);
  });

  it("refuses an entry outside package/", async () => {
    const file = await writeArchive(gzipSync(tarOf([...goodEntries(), { path: "other/index.js", body: "x" }])));
    await expectOnlyProblem(file, "archive_entry_outside_package", "other/index.js", /is outside package\//);
  });

  it("refuses a symbolic link", async () => {
    const file = await writeArchive(
      gzipSync(tarOf([...goodEntries(), { path: "package/config", type: "SymbolicLink", linkpath: "/etc/passwd" }])),
    );
    await expectOnlyProblem(file, "archive_entry_not_file", "package/config", /is a symbolic link \(to "\/etc\/passwd"\)/);
  });

  it("refuses a hard link", async () => {
    const file = await writeArchive(
      gzipSync(tarOf([...goodEntries(), { path: "package/copy.js", type: "Link", linkpath: "package/index.js" }])),
    );
    await expectOnlyProblem(file, "archive_entry_not_file", "package/copy.js", /is a hard link \(to "package\/index\.js"\)/);
  });

  it("refuses a fifo and a device", async () => {
    const file = await writeArchive(
      gzipSync(tarOf([...goodEntries(), { path: "package/pipe", type: "FIFO" }, { path: "package/tty", type: "CharacterDevice" }])),
    );
    const { problems } = await problemsOf(file);
    expect(problems.map((problem) => [problem.code, problem.entry, problem.problem.split(";")[0]])).toEqual([
      ["archive_entry_not_file", "package/pipe", "is a fifo (named pipe)"],
      ["archive_entry_not_file", "package/tty", "is a device file"],
    ]);
  });

  it("refuses entry types tar would skip or misread (here a GNU sparse file)", async () => {
    const file = await writeArchive(gzipSync(tarOf([...goodEntries(), { path: "package/sparse.bin", type: "SparseFile" }])));
    await expectOnlyProblem(
      file,
      "archive_entry_not_file",
      "package/sparse.bin",
      /is a tar entry of type SparseFile; plug archives may hold only files and folders/,
    );
  });

  it("refuses an entry that appears twice (a second package.json would replace the one checked first)", async () => {
    const file = await writeArchive(gzipSync(tarOf([...goodEntries(), { path: "package/package.json", body: plugPackageJson() }])));
    await expectOnlyProblem(file, "archive_entry_duplicate", "package/package.json", /appears twice in the archive/);
  });

  it("refuses an archive whose package.json has no care.plug block", async () => {
    const entries = goodEntries();
    entries[0] = { path: "package/package.json", body: plugPackageJson({ care: undefined }) };
    const file = await writeArchive(gzipSync(tarOf(entries)));
    await expectOnlyProblem(file, "archive_manifest_invalid", "package/package.json", /has no "care": \{ "plug": \{ \.\.\. \} \} block/);
  });

  it("refuses an invalid plug id", async () => {
    const entries = goodEntries();
    entries[0] = { path: "package/package.json", body: plugPackageJson({ care: { plug: { id: "Crafted-Plug", core: ">=0.1.0" } } }) };
    const file = await writeArchive(gzipSync(tarOf(entries)));
    await expectOnlyProblem(
      file,
      "archive_manifest_invalid",
      "package/package.json",
      /invalid care\.plug block: care\.plug\.id: a plug id is 1-32 lowercase letters/,
    );
  });

  it("refuses a version that is not semver", async () => {
    const entries = goodEntries();
    entries[0] = { path: "package/package.json", body: plugPackageJson({ version: "1.2" }) };
    const file = await writeArchive(gzipSync(tarOf(entries)));
    await expectOnlyProblem(file, "archive_manifest_invalid", "package/package.json", /has version "1\.2", which is not a semver version/);
  });

  it("refuses an archive without package/package.json", async () => {
    const file = await writeArchive(gzipSync(tarOf(goodEntries().slice(1))));
    await expectOnlyProblem(file, "archive_manifest_missing", undefined, /has no package\/package\.json/);
  });

  it("refuses an archive whose package/package.json is a folder", async () => {
    const file = await writeArchive(gzipSync(tarOf([{ path: "package/package.json/", type: "Directory" }, ...goodEntries().slice(1)])));
    await expectOnlyProblem(file, "archive_manifest_missing", "package/package.json", /is not a regular file/);
  });

  it("refuses an archive that differs from its checksum by one byte", async () => {
    const archive = gzipSync(tarOf(goodEntries()));
    const file = await writeArchive(archive);
    // Byte 4 is the gzip header's timestamp: the archive stays readable, only its checksum differs.
    const changed = Buffer.from(archive);
    changed[4] = (changed[4] ?? 0) ^ 0x01;
    await writeFile(file, changed);
    const message = await expectOnlyProblem(
      file,
      "archive_checksum_mismatch",
      undefined,
      /does not match its checksum: its SHA-256 is [0-9a-f]{64} but crafted-1\.2\.3\.tgz\.sha256 says [0-9a-f]{64}/,
    );
    expect(message).toContain(sha256(changed));
    expect(message).toContain(sha256(archive));
  });

  it("refuses an archive with no checksum file next to it, and takes one given elsewhere", async () => {
    const file = await writeArchive(gzipSync(tarOf(goodEntries())));
    const elsewhere = join(await folder(), "checksum.txt");
    await rename(`${file}.sha256`, elsewhere);
    await expectOnlyProblem(
      file,
      "archive_checksum_missing",
      undefined,
      /has no checksum file next to it \(expected .*crafted-1\.2\.3\.tgz\.sha256\)/,
    );
    await expect(verifyArchive(file, { checksumFile: elsewhere })).resolves.toMatchObject({ id: "crafted" });
    await expectOnlyProblem(file, "archive_checksum_missing", undefined, /has no checksum file at .*missing\.sha256/, {
      checksumFile: join(scratch, "missing.sha256"),
    });
  });

  it("refuses a checksum file written for another archive", async () => {
    const file = await writeArchive(gzipSync(tarOf(goodEntries())));
    const content = await readFile(file);
    await writeFile(`${file}.sha256`, `${sha256(content)}  other-9.9.9.tgz\n`);
    await expectOnlyProblem(file, "archive_checksum_wrong_file", undefined, /is for other-9\.9\.9\.tgz, not for crafted-1\.2\.3\.tgz/);
  });

  it("reports a truncated archive as cut short, without crashing", async () => {
    const archive = gzipSync(tarOf([...goodEntries(), { path: "package/data.bin", body: randomBytes(8192) }]));
    const file = await writeArchive(archive.subarray(0, Math.floor(archive.length / 2)));
    await expectOnlyProblem(file, "archive_damaged", undefined, /is damaged: its gzip data ends early .*cut short/);
  });

  it("reports random bytes as not a gzip tar, and corrupt gzip data as corrupt", async () => {
    const random = await writeArchive(Buffer.concat([Buffer.from([0x00, 0x01]), randomBytes(4096)]));
    await expectOnlyProblem(random, "archive_not_gzip", undefined, /is not a gzip-compressed tar archive/);

    const garbled = Buffer.from(gzipSync(tarOf(goodEntries())));
    garbled.fill(0xff, 10, 74); // keep the gzip signature, garble the deflate data after it
    await expectOnlyProblem(
      await writeArchive(garbled),
      "archive_damaged",
      undefined,
      /is damaged: its gzip data is corrupt \(invalid block type\)/,
    );

    const notTar = await writeArchive(gzipSync(Buffer.from("just some text, gzipped\n")));
    await expectOnlyProblem(notTar, "archive_not_tar", undefined, /is not a tar archive inside its gzip layer/);
  });

  it("refuses a file over the per-entry limit, and an archive over the total size and entry count limits", async () => {
    const big = { path: "package/big.bin", body: Buffer.alloc(4096, 1) };
    const file = await writeArchive(gzipSync(tarOf([...goodEntries(), big])));
    await expect(verifyArchive(file)).resolves.toMatchObject({ id: "crafted" });
    await expectOnlyProblem(file, "archive_too_large", "package/big.bin", /is 4 KiB, over the 2 KiB limit for one file/, {
      limits: { maxEntrySize: 2048 },
    });
    await expectOnlyProblem(
      file,
      "archive_too_large",
      "package/big.bin",
      /brings the unpacked size over the 4 KiB limit; stopped reading here/,
      {
        limits: { maxTotalSize: 4096 },
      },
    );
    await expectOnlyProblem(file, "archive_too_many_entries", undefined, /has more than 3 entries, the limit/, {
      limits: { maxEntries: 3 },
    });
  });

  it("stops reading a gzip bomb instead of inflating it", async () => {
    // 64 MiB of zeros after the tar's end compress to a few KiB.
    const bomb = gzipSync(Buffer.concat([tarOf(goodEntries()), Buffer.alloc(64 * 1024 * 1024)]));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const file = await writeArchive(bomb);
    await expectOnlyProblem(file, "archive_too_large", undefined, /unpacks to more than .* of tar data, more than the limits allow/, {
      limits: { maxTotalSize: 1024 * 1024, maxEntries: 100 },
    });
  });

  it("lists every problem in one error, each with its entry and what to do", async () => {
    const entries = [
      { path: "package/package.json", body: plugPackageJson({ care: { plug: { id: "9lives", core: ">=0.1.0" } } }) },
      { path: "package/../../etc/cron.d/evil", body: "* * * * * root sh" },
      { path: "package/node_modules/.bin/run", type: "SymbolicLink" as const, linkpath: "../../../../bin/sh" },
    ];
    const file = await writeArchive(gzipSync(tarOf(entries)), { checksum: false });
    const { problems, message } = await problemsOf(file);
    expect(problems.map((problem) => problem.entry)).toEqual([
      undefined,
      "package/../../etc/cron.d/evil",
      "package/node_modules/.bin/run",
      "package/package.json",
    ]);
    // Each problem has its own code; the error takes the first one's.
    expect(problems.map((problem) => problem.code)).toEqual([
      "archive_checksum_missing",
      "archive_path_unsafe",
      "archive_entry_not_file",
      "archive_manifest_invalid",
    ]);
    expect(message).toMatch(
      /^\[archive_checksum_missing\] crafted-1\.2\.3\.tgz failed verification, 4 problem\(s\); install nothing from it:\n/,
    );
    for (const line of message.split("\n").filter((text) => text.includes("✗")))
      expect(line).toMatch(/^ {2}✗ \[archive_[a-z_]+\] (the archive|entry ".+") .+ → .+/);
  });

  it("says plainly when the archive is not there", async () => {
    await expect(verifyArchive(join(scratch, "nothing.tgz"))).rejects.toThrow(/cannot verify .*nothing\.tgz: no such file/);
  });
});

describe("care plug add with a bad archive, through the CLI", () => {
  it("refuses each before anything is installed, saying what and where, and leaves plug.config.ts as it was", async () => {
    const site = await folder();
    await writeFile(join(site, "pnpm-workspace.yaml"), "packages:\n  - apps/*\n  - plugs/*\n");
    const created = await care(site, ["deployment", "new", "island"]);
    expect(created.code, created.output).toBe(0);
    const config = await readFile(join(site, "apps/island/plug.config.ts"), "utf8");
    const packageJson = await readFile(join(site, "apps/island/package.json"), "utf8");

    const corrupt = Buffer.from(gzipSync(tarOf(goodEntries())));
    corrupt.fill(0xff, 10, 74);
    const tampered = await writeArchive(gzipSync(tarOf(goodEntries())));
    await writeFile(tampered, gzipSync(tarOf([...goodEntries(), { path: "package/extra.js", body: "x" }])));
    const cases: Array<[string, RegExp]> = [
      [
        await writeArchive(gzipSync(tarOf([...goodEntries(), { path: "package/../evil.js", body: "x" }]))),
        /"package\/\.\.\/evil\.js" has a "\.\." segment/,
      ],
      [
        await writeArchive(gzipSync(tarOf([...goodEntries(), { path: "package/link.js", type: "SymbolicLink", linkpath: "/etc/passwd" }]))),
        /package\/link\.js.*link/,
      ],
      [
        await writeArchive(
          gzipSync(tarOf([{ path: "package/package.json", body: plugPackageJson({ care: undefined }) }, ...goodEntries().slice(1)])),
        ),
        /has no "care": \{ "plug"/,
      ],
      [tampered, /checksum/i],
      [await writeArchive(corrupt), /gzip data is corrupt/],
    ];
    for (const [archive, message] of cases) {
      const refused = await care(site, ["plug", "add", archive, "-d", "island"]);
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toMatch(message);
      expect(refused.output).not.toMatch(/\n\s+at /);
      expect(await readFile(join(site, "apps/island/plug.config.ts"), "utf8")).toBe(config);
      expect(await readFile(join(site, "apps/island/package.json"), "utf8")).toBe(packageJson);
      expect(existsSync(join(site, "node_modules"))).toBe(false);
    }
  }, 120_000);
});
