import { createHash } from "node:crypto";
import { createReadStream, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { posix } from "node:path";
import { join } from "node:path";

/**
 * The one definition of what a plug's signature and digest cover: every file of the package (by
 * content) and every symbolic link (by target, not followed), by path relative to the package root,
 * `node_modules/` included: pnpm unpacks a package's own node_modules, and Node loads a bare import
 * from there before the real dependency.
 */
export type PackageFile = { path: string; sha256: string } | { path: string; link: string };

/** The signature travels inside the package it signs, so it is not part of what it signs. */
export const signatureFile = "care-plug.sig";
/** v2: paths and link targets are JSON strings, so no name can run into the next field or line. */
const header = "care-plug-files v2";

/** A path or link target with a control character, which no listing may hold. */
export class UnsafePackagePathError extends Error {
  override readonly name = "UnsafePackagePathError";
  readonly code = "plug_path_unsafe";
}

/**
 * The first control character (newline, CR, NUL, any of \x00-\x1f, \x7f) in a path or link target,
 * shown escaped ("\n"), with its position; such names let one listing stand for other files.
 */
export function controlCharacterIn(name: string): { shown: string; index: number } | undefined {
  const found = /[\x00-\x1f\x7f]/.exec(name);
  return found ? { shown: JSON.stringify(found[0]), index: found.index } : undefined;
}

/** Why `name` (a path or link target in a package) cannot be listed, or undefined. */
export function unsafeNameProblem(name: string): string | undefined {
  const found = controlCharacterIn(name);
  if (!found) return undefined;
  return (
    `${JSON.stringify(name)} holds a control character (${found.shown} at position ${found.index}), so a file listing of it ` +
    `could be read as other files`
  );
}

/** A path inside a package as every reader must see it: "/" separators, no "./", "//" or trailing "/". */
export function normalisePackagePath(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, "/")).replace(/\/+$/, "");
  return normal === "." ? "" : normal.replace(/^\.\//, "");
}

/**
 * The listing text: a header line, then `<sha256>  "<path>"` or `link:"<target>"  "<path>"` (JSON
 * strings), sorted by path bytes. Throws UnsafePackagePathError for a name with a control character.
 */
export function fileListing(files: readonly PackageFile[]): string {
  for (const file of files) {
    const problem = unsafeNameProblem(file.path) ?? ("link" in file ? unsafeNameProblem(file.link) : undefined);
    if (problem) throw new UnsafePackagePathError(`the package's file ${problem}`);
  }
  const lines = files
    .filter((file) => file.path !== signatureFile)
    .map((file) => ({
      path: Buffer.from(file.path),
      line: `${"sha256" in file ? file.sha256 : `link:${JSON.stringify(file.link)}`}  ${JSON.stringify(file.path)}`,
    }))
    .sort((a, b) => Buffer.compare(a.path, b.path))
    .map((entry) => entry.line);
  return `${[header, ...lines].join("\n")}\n`;
}

/** A plug's digest: `sha256-<hex>` of its listing. */
export function listingDigest(listing: string): string {
  return `sha256-${createHash("sha256").update(listing).digest("hex")}`;
}

/** Streamed: also hashes archives, which may be large. */
export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/**
 * A package file's hash in one synchronous read: a plug's files are small, and each awaited read costs four trips
 * through libuv's pool (open, fstat, read, close) — at 500 plugs, most of `care check`'s time.
 */
function sha256OfPackageFile(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

export interface PackageFilesOptions {
  /**
   * `dir` is a workspace package's SOURCE folder in the development checkout, whose top-level
   * node_modules holds pnpm's links to its dependencies, not files of the package: leave it out.
   * Never for an installed, unpacked or bundled copy: there node_modules is loaded first, so it counts.
   */
  workspaceSource?: boolean;
}

/** The files of a package folder, its node_modules included unless `options.workspaceSource`. */
export async function packageFilesOf(dir: string, options: PackageFilesOptions = {}): Promise<PackageFile[]> {
  const files: PackageFile[] = [];
  const walk = (relative: string): void => {
    const entries = readdirSync(join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (path === signatureFile || (options.workspaceSource && path === "node_modules")) continue;
      if (entry.isSymbolicLink()) files.push({ path, link: readlinkSync(join(dir, path)) });
      else if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push({ path, sha256: sha256OfPackageFile(join(dir, path)) });
    }
  };
  walk("");
  return files;
}
