import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, readlink } from "node:fs/promises";
import { posix } from "node:path";
import { join } from "node:path";

/**
 * The one definition of what a plug's signature and digest cover: every file of the package (by
 * content) and every symbolic link (by target, not followed), by path relative to the package root.
 */
export type PackageFile = { path: string; sha256: string } | { path: string; link: string };

/** The signature travels inside the package it signs, so it is not part of what it signs. */
export const signatureFile = "care-plug.sig";
const header = "care-plug-files v1";

/** A path inside a package as every reader must see it: "/" separators, no "./", "//" or trailing "/". */
export function normalisePackagePath(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, "/")).replace(/\/+$/, "");
  return normal === "." ? "" : normal.replace(/^\.\//, "");
}

/** The listing text: a header line, then `<sha256>  <path>` or `link:<target>  <path>`, sorted by path bytes. */
export function fileListing(files: readonly PackageFile[]): string {
  const lines = files
    .filter((file) => file.path !== signatureFile)
    .map((file) => ({ path: Buffer.from(file.path), line: `${"sha256" in file ? file.sha256 : `link:${file.link}`}  ${file.path}` }))
    .sort((a, b) => Buffer.compare(a.path, b.path))
    .map((entry) => entry.line);
  return `${[header, ...lines].join("\n")}\n`;
}

/** A plug's digest: `sha256-<hex>` of its listing. */
export function listingDigest(listing: string): string {
  return `sha256-${createHash("sha256").update(listing).digest("hex")}`;
}

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
 * The files of an installed package folder. A `node_modules` folder at its root is left out: pnpm
 * puts a workspace package's own dependencies there, which are not part of the package.
 */
export async function packageFilesOf(dir: string): Promise<PackageFile[]> {
  const files: PackageFile[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (path === "node_modules" || path === signatureFile) continue;
      if (entry.isSymbolicLink()) files.push({ path, link: await readlink(join(dir, path)) });
      else if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push({ path, sha256: await sha256OfFile(join(dir, path)) });
    }
  };
  await walk("");
  return files;
}
