import { existsSync } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { controlCharacterIn, normalisePackagePath, signatureFile, type PackageFile } from "@care/runtime/tooling";
import { CareCliError } from "../cli-error.js";
import { parseChecksumFile, sha256File } from "./checksum.js";
import { bundledBindingGypOf, bundledManifestOf, bundledPackagesOf, type BundledPackage } from "./bundled-packages.js";
import { checkPlugManifest } from "./plug-manifest.js";
import { defaultArchiveLimits, formatBytes, type ArchiveLimits } from "./limits.js";
import type { ArchiveProblem } from "./problem.js";
import { scanTarGz, type ScannedEntry } from "./scan-tar.js";
import { trailingDataProblems } from "./trailing-data.js";

export { defaultArchiveLimits, type ArchiveLimits } from "./limits.js";
export type { ArchiveProblem, ArchiveProblemCode } from "./problem.js";
export type { BundledPackage } from "./bundled-packages.js";

const MiB = 1024 * 1024;

export interface VerifyOptions {
  /**
   * The checksum file (default: `<archive>.sha256` next to it); `false` when the archive's
   * signature vouches for it instead (checked then only if the file is there).
   */
  checksumFile?: string | false;
  limits?: Partial<ArchiveLimits>;
}

export interface VerifiedArchive {
  /** The package's name and version, and the plug's id, from `package/package.json`. */
  name: string;
  version: string;
  id: string;
  /** The files in the package, relative to its root (`package/`), sorted. */
  files: string[];
  /** Bytes of all files once unpacked. */
  unpackedSize: number;
  /** SHA-256 of the archive, lowercase hex (the one the checksum file confirmed). */
  sha256: string;
  /** Every file with its SHA-256, paths as the installer writes them: what a signature covers. */
  contents: PackageFile[];
  /** The text of `package/care-plug.sig`, when the archive is signed. */
  signature: string | undefined;
  /** `package/package.json`, parsed. */
  packageJson: Record<string, unknown>;
  /** The packages it carries under node_modules/ (bundleDependencies and theirs), sorted by place. */
  bundled: BundledPackage[];
}

/** Every problem `verifyArchive` found, listed in the message; `problems` has them one by one. */
export class ArchiveVerificationError extends CareCliError {
  readonly problems: ArchiveProblem[];

  constructor(archive: string, problems: ArchiveProblem[]) {
    const lines = problems.map(
      (item) =>
        `  ✗ [${item.code}] ${item.entry === undefined ? "the archive" : `entry ${showPath(item.entry)}`} ${item.problem} → ${item.fix}`,
    );
    // The first problem's code: the checksum's before the data's, the data's before its entries'.
    super(`${archive} failed verification, ${problems.length} problem(s); install nothing from it:\n${lines.join("\n")}`, {
      code: problems[0]?.code ?? "archive_damaged",
      hint: "each line says what to do; an archive made by care pack from a plug's folder, with its .sha256 next to it, passes",
    });
    this.problems = problems;
  }
}

/** Where the package's files must be: npm's and pnpm's packers put everything under `package/`. */
const packageRoot = "package";
const manifestPath = `${packageRoot}/package.json`;
/** package.json (the plug's, and each bundled package's) is read into memory to check it; a plug's is a few KiB. */
const maxManifestSize = MiB;
const signaturePath = `${packageRoot}/${signatureFile}`;
/** An SSHSIG of an ed25519 key is under 1 KiB. */
const maxSignatureSize = 64 * 1024;

const allowedTypes = new Set(["File", "OldFile", "ContiguousFile", "Directory"]);

/**
 * Checks a plug archive before anything from it is installed, without unpacking it to disk: the
 * checksum file (next to it, or `checksumFile`) matches; it is a readable gzip tar; every entry is
 * a plain file or folder inside `package/` (no `..`, no absolute path, no links, devices or
 * fifos); sizes and entry count are within `limits`; `package/package.json` has a semver version
 * and a valid `care.plug` block; no bundled package (under node_modules/) would run code when
 * installed, and every one bundleDependencies names is there. Throws one
 * {@link ArchiveVerificationError} listing every problem.
 */
export async function verifyArchive(file: string, options: VerifyOptions = {}): Promise<VerifiedArchive> {
  const archive = resolve(file);
  const limits = { ...defaultArchiveLimits, ...options.limits };
  if (!existsSync(archive) || !(await stat(archive)).isFile()) {
    throw new CareCliError(`cannot verify ${file}: no such file`, {
      code: "file_missing",
      hint: "pass the path of a .tgz made by care pack",
    });
  }
  const problems: ArchiveProblem[] = [];
  const sha256 = await sha256File(archive);
  if (options.checksumFile !== false || existsSync(`${archive}.sha256`)) {
    problems.push(...(await checksumProblems(archive, sha256, options.checksumFile || undefined)));
  }

  const files: string[] = [];
  const contents: PackageFile[] = [];
  let unpackedSize = 0;
  let manifestText: string | undefined;
  let signatureText: string | undefined;
  const bundledManifests = new Map<string, Buffer>();
  const bindingGyps = new Set<string>();

  if (!(await isGzip(archive))) {
    problems.push({
      code: "archive_not_gzip",
      problem: "is not a gzip-compressed tar archive (it does not start with the gzip signature), so it is damaged or not a plug archive",
      fix: "download it again, or re-create it with care pack <plug-dir>",
    });
  } else {
    // Keyed by the path as the unpacker writes it: package/./x, package//x and package/x are one file.
    const seen = new Map<string, string>();
    const scan = await scanTarGz(archive, {
      limits,
      problems,
      capture: (entry) =>
        isFile(entry) &&
        (((normalisePackagePath(entry.path) === manifestPath || bundledManifestOf(normalisePackagePath(entry.path))) &&
          entry.size <= maxManifestSize) ||
          (normalisePackagePath(entry.path) === signaturePath && entry.size <= maxSignatureSize)),
      onEntry: (entry) => {
        const entryProblems = checkEntry(entry, limits);
        problems.push(...entryProblems);
        const key = normalisePackagePath(entry.path);
        const first = seen.get(key);
        if (first !== undefined) {
          const same = first === entry.path ? "" : ` (as ${showPath(first)}: both unpack to ${showPath(key)})`;
          problems.push({
            code: "archive_entry_duplicate",
            entry: entry.path,
            problem: `appears twice in the archive${same}; readers disagree on which copy counts`,
            fix: "do not install this archive; re-create it with care pack",
          });
        } else seen.set(key, entry.path);
        if (entryProblems.length === 0 && isFile(entry)) {
          files.push(key.slice(packageRoot.length + 1));
        }
        if (isFile(entry)) unpackedSize += entry.size;
        if (key === signaturePath && isFile(entry) && entry.size > maxSignatureSize) {
          problems.push({
            code: "archive_too_large",
            entry: entry.path,
            problem: `is ${formatBytes(entry.size)}, more than a signature can be`,
            fix: "do not install this archive; ask its publisher for one signed with care pack --sign",
          });
        }
        const gyp = isFile(entry) ? bundledBindingGypOf(key) : undefined;
        if (gyp !== undefined) bindingGyps.add(gyp);
        if ((key === manifestPath || bundledManifestOf(key)) && isFile(entry) && entry.size > maxManifestSize) {
          problems.push({
            code: "archive_too_large",
            entry: entry.path,
            problem: `is ${formatBytes(entry.size)}, more than a package.json can reasonably be (${formatBytes(maxManifestSize)})`,
            fix: "re-create the archive with care pack",
          });
        }
      },
    });
    const capturedAt = (path: string) => [...scan.captured].find(([raw]) => normalisePackagePath(raw) === path)?.[1];
    manifestText = capturedAt(manifestPath)?.toString("utf8");
    signatureText = capturedAt(signaturePath)?.toString("utf8");
    for (const [raw, content] of scan.captured) {
      const place = bundledManifestOf(normalisePackagePath(raw));
      if (place !== undefined) bundledManifests.set(place, content);
    }
    for (const [raw, sha] of scan.hashes) {
      const path = normalisePackagePath(raw).slice(packageRoot.length + 1);
      if (path !== signatureFile) contents.push({ path, sha256: sha });
    }
    // Only once the scan read it all within the limits is it safe to hold it in memory.
    if (scan.complete) problems.push(...(await trailingDataProblems(archive)));
    // A damaged or cut-short archive has a problem already; "no package.json" would only be noise.
    if (scan.complete && !seen.has(manifestPath)) {
      problems.push({
        code: "archive_manifest_missing",
        problem: `has no ${manifestPath}, so it is not an npm package`,
        fix: "pack the plug with care pack <plug-dir> (which runs pnpm pack)",
      });
    }
  }

  let manifest: ReturnType<typeof checkPlugManifest>["manifest"];
  let json: unknown;
  if (manifestText !== undefined) {
    try {
      json = JSON.parse(manifestText);
    } catch (error) {
      problems.push({
        code: "archive_manifest_invalid",
        entry: manifestPath,
        problem: `is not valid JSON (${(error as Error).message})`,
        fix: "fix the plug's package.json and pack it again",
      });
    }
    if (json !== undefined) {
      const checked = checkPlugManifest(json);
      manifest = checked.manifest;
      for (const problem of checked.problems) {
        problems.push({
          code: "archive_manifest_invalid",
          entry: manifestPath,
          problem,
          fix:
            'fix the plug\'s package.json (it needs a name, a semver version, and "care": { "plug": { "id": "<id>", "core": ' +
            '"<range>" } }), then pack it again',
        });
      }
    }
  }

  const { bundled, problems: bundledProblems } = bundledPackagesOf({
    manifests: bundledManifests,
    bindingGyps,
    packageJson: (json ?? {}) as Record<string, unknown>,
  });
  if (manifest) problems.push(...bundledProblems);

  if (!manifest && problems.length === 0) {
    // e.g. package/package.json is a folder: nothing above said so.
    problems.push({
      code: "archive_manifest_missing",
      entry: manifestPath,
      problem: "is not a regular file, so the package has no manifest to read",
      fix: "pack the plug with care pack <plug-dir> (which runs pnpm pack)",
    });
  }
  if (problems.length > 0 || !manifest) throw new ArchiveVerificationError(basename(archive), problems);
  return {
    name: manifest.name,
    version: manifest.version,
    id: manifest.plug.id,
    files: files.sort(),
    unpackedSize,
    sha256,
    contents,
    signature: signatureText,
    packageJson: json as Record<string, unknown>,
    bundled,
  };
}

async function checksumProblems(archive: string, sha256: string, given: string | undefined): Promise<ArchiveProblem[]> {
  const checksumFile = resolve(given ?? `${archive}.sha256`);
  if (!existsSync(checksumFile)) {
    return [
      {
        code: "archive_checksum_missing",
        problem:
          given === undefined
            ? `has no checksum file next to it (expected ${checksumFile})`
            : `has no checksum file at ${checksumFile} (the path given)`,
        fix: "copy the .sha256 file care pack wrote along with the archive, or pass its path with --checksum <file>",
      },
    ];
  }
  const parsed = parseChecksumFile(await readFile(checksumFile, "utf8"));
  if (!parsed) {
    return [
      {
        code: "archive_checksum_unreadable",
        problem: `has a checksum file, ${checksumFile}, that is not in sha256sum format (<64 hex digits>  <file name>)`,
        fix: "use the .sha256 file care pack wrote, or re-create it with sha256sum <archive> > <archive>.sha256",
      },
    ];
  }
  const problems: ArchiveProblem[] = [];
  if (parsed.fileName !== undefined && basename(parsed.fileName) !== basename(archive)) {
    problems.push({
      code: "archive_checksum_wrong_file",
      problem: `has a checksum file, ${checksumFile}, that is for ${parsed.fileName}, not for ${basename(archive)}`,
      fix: "use the .sha256 file that came with this archive",
    });
  }
  if (parsed.sha256 !== sha256) {
    problems.push({
      code: "archive_checksum_mismatch",
      problem:
        `does not match its checksum: its SHA-256 is ${sha256} but ${basename(checksumFile)} says ${parsed.sha256}, so it ` +
        `changed after it was packed or was damaged on the way`,
      fix: "download or copy it again from its source; if it still differs, do not install it and ask its publisher",
    });
  }
  return problems;
}

/** The problems of one entry: where it would be written, what kind it is, how big. */
function checkEntry(entry: ScannedEntry, limits: ArchiveLimits): ArchiveProblem[] {
  const problems: ArchiveProblem[] = [];
  const path = entry.path;
  const segments = path.split(/[\\/]/);
  const rebuild = "do not install this archive; re-create it with care pack from the plug's folder";
  if (path.startsWith("/") || path.startsWith("\\") || /^[a-zA-Z]:/.test(path)) {
    problems.push({
      code: "archive_path_unsafe",
      entry: path,
      problem: "has an absolute path, so unpacking it would write outside the package folder",
      fix: rebuild,
    });
  } else if (segments.includes("..")) {
    problems.push({
      code: "archive_path_unsafe",
      entry: path,
      problem: 'has a ".." segment, so unpacking it would write outside the package folder',
      fix: rebuild,
    });
  } else if (segments[0] !== packageRoot || (segments.length === 1 && entry.type !== "Directory")) {
    problems.push({
      code: "archive_entry_outside_package",
      entry: path,
      problem: `is outside ${packageRoot}/, where every file of an npm package must be`,
      fix: rebuild,
    });
  } else if (path.includes("\\")) {
    problems.push({
      code: "archive_path_unsafe",
      entry: path,
      problem: "has a backslash in its path, which Windows reads as a folder separator",
      fix: "rename the file in the plug without a backslash, and pack it again",
    });
  }
  // A newline in a name could make the signed file listing read as other files (dropped or renamed).
  for (const [what, name] of [
    ["path", path],
    ["link target", entry.linkpath],
  ] as const) {
    const found = name === undefined ? undefined : controlCharacterIn(name);
    if (found) {
      problems.push({
        code: "archive_path_unsafe",
        entry: path,
        problem:
          `has a control character (${found.shown} at position ${found.index}) in its ${what}, which no plug file name needs ` +
          `and which could make its signed file listing stand for other files`,
        fix: rebuild,
      });
    }
  }

  if (entry.ambiguous) {
    problems.push({
      code: "archive_ambiguous",
      entry: path,
      problem: `${entry.ambiguous}, so what is verified may not be what is installed`,
      fix: rebuild,
    });
  }
  if (entry.type === "SymbolicLink") {
    problems.push({
      code: "archive_entry_not_file",
      entry: path,
      problem: `is a symbolic link (to ${showPath(entry.linkpath ?? "")}); plug archives may hold only files and folders`,
      fix: "replace the link with the file itself in the plug, and pack it again",
    });
  } else if (entry.type === "Link") {
    problems.push({
      code: "archive_entry_not_file",
      entry: path,
      problem: `is a hard link (to ${showPath(entry.linkpath ?? "")}); plug archives may hold only files and folders`,
      fix: "replace the link with a copy of the file in the plug, and pack it again",
    });
  } else if (entry.type === "CharacterDevice" || entry.type === "BlockDevice" || entry.type === "FIFO") {
    problems.push({
      code: "archive_entry_not_file",
      entry: path,
      problem: `is a ${entry.type === "FIFO" ? "fifo (named pipe)" : "device file"}; plug archives may hold only files and folders`,
      fix: rebuild,
    });
  } else if (!allowedTypes.has(entry.type)) {
    problems.push({
      code: "archive_entry_not_file",
      entry: path,
      problem: `is a tar entry of type ${entry.type}; plug archives may hold only files and folders`,
      fix: rebuild,
    });
  }

  if (entry.size > limits.maxEntrySize) {
    problems.push({
      code: "archive_too_large",
      entry: path,
      problem: `is ${formatBytes(entry.size)}, over the ${formatBytes(limits.maxEntrySize)} limit for one file`,
      fix: 'leave large files out of the package (its "files" field), or raise the limit if the file belongs there',
    });
  }
  return problems;
}

const isFile = (entry: ScannedEntry) => entry.type === "File" || entry.type === "OldFile" || entry.type === "ContiguousFile";

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A path as it is safe to print: quoted, with control characters escaped. */
export function showPath(path: string): string {
  return JSON.stringify(path);
}
