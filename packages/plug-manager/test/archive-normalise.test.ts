import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { create, Header, Pax } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArchiveVerificationError, verifyArchive } from "../src/archive/verify.js";

/**
 * `care verify` must read an archive as the installer unpacks it: these archives are crafted so
 * that a careless reader and pnpm/node-tar would see different packages.
 */
let scratch: string;
let count = 0;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "care-archive-normalise-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const manifest = (main = "./index.js") =>
  JSON.stringify({ name: "@care-plugs/crafted", version: "1.0.0", main, care: { plug: { id: "crafted", core: "*", contract: "^1.0.0" } } });

/** One tar entry (header, body, padding), optionally preceded by a pax header. */
function entry(
  path: string,
  body = "",
  options: { type?: "File" | "Directory"; pax?: Record<string, unknown>; global?: boolean } = {},
): Buffer {
  const data = Buffer.from(body);
  const header = Buffer.alloc(512);
  new Header({ path, type: options.type ?? "File", size: data.length, mode: 0o644, uid: 0, gid: 0, mtime: new Date(0) }).encode(header, 0);
  const pax = options.pax
    ? new Pax({ mtime: new Date(0), ...options.pax } as ConstructorParameters<typeof Pax>[0], options.global).encode()
    : Buffer.alloc(0);
  return Buffer.concat([pax, header, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}
const end = Buffer.alloc(1024);
const good = () => [entry("package/package.json", manifest()), entry("package/index.js", "export default {};\n")];

async function archive(content: Buffer): Promise<string> {
  const file = join(scratch, `crafted-${++count}.tgz`);
  await writeFile(file, content);
  return file;
}

async function problems(file: string): Promise<string> {
  const error = await verifyArchive(file, { checksumFile: false }).catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(ArchiveVerificationError);
  return (error as ArchiveVerificationError).describe();
}

describe("care verify reads entries as the installer does", () => {
  it("accepts an honest archive and lists its files with their SHA-256", async () => {
    const verified = await verifyArchive(await archive(gzipSync(Buffer.concat([...good(), end]))), { checksumFile: false });
    expect(verified.name).toBe("@care-plugs/crafted");
    expect(verified.contents.map((file) => file.path).sort()).toEqual(["index.js", "package.json"]);
  });

  it("refuses package/./package.json after package/package.json: both unpack to one file", async () => {
    const message = await problems(
      await archive(gzipSync(Buffer.concat([...good(), entry("package/./package.json", manifest("./evil.js")), end]))),
    );
    expect(message).toContain(
      'entry "package/./package.json" appears twice in the archive (as "package/package.json": both unpack to "package/package.json")',
    );
  });

  it("refuses package//package.json after package/package.json", async () => {
    const message = await problems(
      await archive(gzipSync(Buffer.concat([...good(), entry("package//package.json", manifest("./evil.js")), end]))),
    );
    expect(message).toContain('both unpack to "package/package.json"');
  });

  it("reads the manifest from its normalised path when it is the only copy", async () => {
    const verified = await verifyArchive(
      await archive(gzipSync(Buffer.concat([entry("package/./package.json", manifest()), entry("package/index.js", "x"), end]))),
      { checksumFile: false },
    );
    expect(verified.id).toBe("crafted");
    expect(verified.contents.map((file) => file.path)).toContain("package.json");
  });

  it("refuses a folder listed twice, with and without its trailing slash", async () => {
    const message = await problems(
      await archive(
        gzipSync(
          Buffer.concat([
            ...good(),
            entry("package/lib/", "", { type: "Directory" }),
            entry("package/lib", "", { type: "Directory" }),
            end,
          ]),
        ),
      ),
    );
    expect(message).toContain('entry "package/lib" appears twice');
  });

  it("refuses an entry after the end-of-archive marker", async () => {
    const message = await problems(await archive(gzipSync(Buffer.concat([...good(), end, entry("package/evil.js", "evil"), end]))));
    expect(message).toContain("has data after its end-of-archive marker");
  });

  it("refuses an entry after a single zero block (node-tar reads on, pnpm stops)", async () => {
    const message = await problems(
      await archive(gzipSync(Buffer.concat([...good(), Buffer.alloc(512), entry("package/evil.js", "evil"), end]))),
    );
    expect(message).toContain("has data after its end-of-archive marker");
  });

  it("refuses a second gzip member, and bytes after the gzip stream", async () => {
    const first = gzipSync(Buffer.concat([...good(), end]));
    const second = await problems(await archive(Buffer.concat([first, gzipSync(Buffer.concat([entry("package/evil.js", "evil"), end]))])));
    expect(second).toMatch(/second gzip stream|data after its end-of-archive marker/);
    const trailing = await problems(await archive(Buffer.concat([first, Buffer.from("trailing bytes")])));
    expect(trailing).toMatch(/after its gzip stream ends|gzip data is corrupt/);
  });

  it("refuses a pax path that renames an entry its tar header names otherwise", async () => {
    const message = await problems(
      await archive(gzipSync(Buffer.concat([...good(), entry("package/README.md", "readme", { pax: { path: "package/index.js" } }), end]))),
    );
    expect(message).toContain(
      'entry "package/index.js" is named so by an extended (pax or GNU) header but "package/README.md" by its tar header',
    );
  });

  it("refuses a pax global header (some unpackers apply it to later entries, others ignore it)", async () => {
    const global = new Pax({ path: "package/evil.js", mtime: new Date(0) } as ConstructorParameters<typeof Pax>[0], true).encode();
    const message = await problems(await archive(gzipSync(Buffer.concat([global, ...good(), end]))));
    expect(message).toContain("pax global header");
  });

  it("refuses a path with a newline that would make the signed listing read as other files (the reviewer's entry)", async () => {
    const name = `package/index.js\n${"2".repeat(64)}  policy.js`;
    const described = await problems(await archive(gzipSync(Buffer.concat([...good(), entry(name, "export {};\n"), end]))));
    expect(described).toContain(`entry ${JSON.stringify(name)} has a control character ("\\n" at position 16) in its path`);
  });

  it("refuses a carriage return, a tab and DEL in a path (a tar header cannot hold a NUL in a name)", async () => {
    for (const character of ["\r", "\t", "\x7f"]) {
      const described = await problems(await archive(gzipSync(Buffer.concat([...good(), entry(`package/a${character}b.js`, "x"), end]))));
      expect(described).toContain(`has a control character (${JSON.stringify(character)} at position 9) in its path`);
    }
  });

  it("accepts a long path written the usual way (a pax path completing a truncated tar name)", async () => {
    const dir = join(scratch, `long-${++count}`);
    const long = `dist/${"a".repeat(60)}/${"b".repeat(60)}/${"c".repeat(60)}.js`;
    await mkdir(join(dir, "package", long, ".."), { recursive: true });
    await writeFile(join(dir, "package/package.json"), manifest());
    await writeFile(join(dir, "package", long), "export {};\n");
    const file = join(scratch, `long-${count}.tgz`);
    await create({ gzip: true, file, cwd: dir, portable: true }, ["package"]);
    const verified = await verifyArchive(file, { checksumFile: false });
    expect(verified.files).toContain(long);
  });
});
