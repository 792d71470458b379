import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileListing, packageFilesOf, UnsafePackagePathError, type PackageFile } from "../../src/trust/index.js";

const [h1, h2, h3] = ["1", "2", "3"].map((digit) => digit.repeat(64)) as [string, string, string];

describe("the signed file listing", () => {
  it("refuses the reviewer's file set whose newline would make it list as another set of files", () => {
    // Signed: three files. Re-packed: one file whose name carries the second line, and package.json.
    const signed: PackageFile[] = [
      { path: "dist/index.js", sha256: h1 },
      { path: "dist/policy.js", sha256: h2 },
      { path: "package.json", sha256: h3 },
    ];
    const repacked: PackageFile[] = [
      { path: `dist/index.js\n${h2}  dist/policy.js`, sha256: h1 },
      { path: "package.json", sha256: h3 },
    ];
    expect(fileListing(signed)).toContain('"dist/policy.js"');
    const thrown = (() => {
      try {
        return fileListing(repacked);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(UnsafePackagePathError);
    expect((thrown as UnsafePackagePathError).code).toBe("plug_path_unsafe");
    expect((thrown as Error).message).toContain('control character ("\\n" at position 13)');
  });

  it("refuses every control character, and DEL, in a path or a link target", () => {
    for (const character of ["\r", "\0", "\t", "\x1f", "\x7f"]) {
      expect(() => fileListing([{ path: `a${character}b`, sha256: h1 }])).toThrow(UnsafePackagePathError);
      expect(() => fileListing([{ path: "a", link: `../x${character}` }])).toThrow(UnsafePackagePathError);
    }
  });

  it("lists two link sets that once collided on a double space differently", () => {
    // v1 wrote both as `link:x  y  z`: target "x  y" at "z", or target "x" at "y  z".
    const first = fileListing([{ path: "z", link: "x  y" }]);
    const second = fileListing([{ path: "y  z", link: "x" }]);
    expect(first).not.toBe(second);
    expect(first).toBe('care-plug-files v2\nlink:"x  y"  "z"\n');
  });
});

describe("the files of a package folder", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "care-package-files-"));
    await writeFile(join(dir, "package.json"), "{}\n");
    await mkdir(join(dir, "node_modules/zod"), { recursive: true });
    await writeFile(join(dir, "node_modules/zod/index.js"), 'console.log("not the real zod");\n');
    await symlink("../../elsewhere/kysely", join(dir, "node_modules/kysely"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("covers the package's own node_modules: a file there is loaded before the real dependency", async () => {
    const paths = (await packageFilesOf(dir)).map((file) => file.path).sort();
    expect(paths).toEqual(["node_modules/kysely", "node_modules/zod/index.js", "package.json"]);
  });

  it("leaves node_modules out only when told the folder is a workspace package's source", async () => {
    const paths = (await packageFilesOf(dir, { workspaceSource: true })).map((file) => file.path);
    expect(paths).toEqual(["package.json"]);
  });
});
