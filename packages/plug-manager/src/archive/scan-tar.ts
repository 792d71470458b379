import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { formatBytes, type ArchiveLimits } from "./limits.js";
import type { ArchiveProblem } from "./problem.js";

/** One entry of the archive as its header describes it (pax and GNU long names applied). */
export interface ScannedEntry {
  path: string;
  /** tar's name for the type: File, Directory, SymbolicLink, Link, CharacterDevice, FIFO... */
  type: string;
  size: number;
  linkpath: string | undefined;
  /** Set when readers could disagree on this entry: it follows a pax global header. */
  ambiguous?: string;
}

export interface ScanOptions {
  limits: ArchiveLimits;
  /** Problems found while reading go here (damaged data, too many entries, too big in total). */
  problems: ArchiveProblem[];
  /** Called for every entry, in archive order, before its content is read. */
  onEntry: (entry: ScannedEntry) => void;
  /** Entries whose content to keep in memory (keep them small: only package.json is). */
  capture: (entry: ScannedEntry) => boolean;
}

export interface ScanResult {
  /** The content of each captured entry, by path. */
  captured: Map<string, Buffer>;
  /** The SHA-256 (hex) of each regular file's content, by path as the header gives it. */
  hashes: Map<string, string>;
  /** False when reading stopped early (damaged data, a limit reached): later entries were not seen. */
  complete: boolean;
}

/** tar's pax headers per entry; plug archives have small ones or none. */
const maxMetaEntrySize = 64 * 1024;
/** Damaged tar data tends to yield one warning per 512-byte block; a few say enough. */
const maxReadWarnings = 5;

/**
 * Reads a gzip tar as a stream, entry by entry, without writing anything to disk. Stops early,
 * with a problem, when the data is damaged, when the entry count or total size goes over
 * `limits`, or when the decompressed stream grows past what those limits allow (a gzip bomb).
 */
export function scanTarGz(file: string, options: ScanOptions): Promise<ScanResult> {
  const { limits, problems } = options;
  const captured = new Map<string, Buffer>();
  const hashes = new Map<string, string>();
  const damaged = "download it again from its source, or re-create it with care pack <plug-dir>";
  // Headers, padding and pax records around the files, generously; past this it is not a plug.
  const maxDecompressed = limits.maxTotalSize + (limits.maxEntries + 2) * 3 * 512 + 1024 * 1024;

  return new Promise((resolve) => {
    const source = createReadStream(file);
    const gunzip = createGunzip();
    // The gzip layer is ours (node:zlib), so tar must not guess at compression itself.
    const parser = new Parser({ strict: false, zstd: false, brotli: false, maxMetaEntrySize });
    let entries = 0;
    let total = 0;
    let decompressed = 0;
    let warnings = 0;
    let complete = true;
    let stopped = false;

    const finish = () => {
      if (stopped) return;
      stopped = true;
      resolve({ captured, hashes, complete });
    };
    const stop = (problem?: ArchiveProblem) => {
      if (stopped) return;
      if (problem) problems.push(problem);
      complete = false;
      source.destroy();
      gunzip.destroy();
      finish();
    };

    source.on("error", (error) =>
      stop({ code: "archive_unreadable", problem: `could not be read (${error.message})`, fix: "check the file's permissions and path" }),
    );
    gunzip.on("error", (error: NodeJS.ErrnoException) =>
      stop({
        code: "archive_damaged",
        problem:
          error.code === "Z_BUF_ERROR" || /unexpected end/i.test(error.message)
            ? `is damaged: its gzip data ends early (${error.message}), so it was cut short`
            : `is damaged: its gzip data is corrupt (${error.message})`,
        fix: damaged,
      }),
    );
    gunzip.on("data", (chunk: Buffer) => {
      if (stopped) return;
      decompressed += chunk.length;
      if (decompressed > maxDecompressed) {
        return stop({
          code: "archive_too_large",
          problem:
            `unpacks to more than ${formatBytes(maxDecompressed)} of tar data, more than the limits allow ` +
            `(${formatBytes(limits.maxTotalSize)} of files in ${limits.maxEntries} entries); stopped reading it`,
          fix: "do not install it; if it is a genuine plug, raise the limits",
        });
      }
      if (!parser.write(chunk)) {
        gunzip.pause();
        parser.once("drain", () => gunzip.resume());
      }
    });
    gunzip.on("end", () => parser.end());

    parser.on("warn", (code: string, message: string | Error) => {
      if (stopped) return;
      complete = false;
      warnings++;
      const text = typeof message === "string" ? message : message.message;
      if (warnings <= maxReadWarnings) {
        const notTar = /Unrecognized archive format/i.test(text);
        problems.push({
          code: notTar ? "archive_not_tar" : "archive_damaged",
          problem: notTar ? "is not a tar archive inside its gzip layer" : `has damaged tar data (${code}: ${text})`,
          fix: damaged,
        });
      } else if (warnings === maxReadWarnings + 1) {
        problems.push({ code: "archive_damaged", problem: "has more damaged tar data (further warnings not listed)", fix: damaged });
      }
    });
    parser.on("error", (error: Error) =>
      stop({ code: "archive_not_tar", problem: `could not be read as a tar archive (${error.message})`, fix: damaged }),
    );
    parser.on("end", finish);

    const take = (entry: ReadEntry) => {
      if (stopped) {
        entry.resume();
        return;
      }
      if (entry.meta) {
        // Only a pax/long-name header over maxMetaEntrySize arrives here (ignored by the parser).
        problems.push({
          code: "archive_too_large",
          entry: entry.path,
          problem: `has an extended tar header of ${formatBytes(entry.size)} (at most ${formatBytes(maxMetaEntrySize)} allowed)`,
          fix: damaged,
        });
        entry.resume();
        return;
      }
      const scanned: ScannedEntry = {
        path: entry.path,
        type: entry.type,
        size: entry.size,
        linkpath: entry.linkpath,
        ambiguous: ambiguity(entry),
      };
      entries++;
      if (entries > limits.maxEntries) {
        entry.resume();
        return stop({
          code: "archive_too_many_entries",
          problem:
            `has more than ${limits.maxEntries} entries, the limit; stopped reading at entry ${entries}, later entries were ` +
            `not checked`,
          fix: 'leave unneeded files out of the package (its "files" field), or raise the limit',
        });
      }
      options.onEntry(scanned);
      if (scanned.type !== "Directory") total += scanned.size;
      if (total > limits.maxTotalSize) {
        entry.resume();
        return stop({
          code: "archive_too_large",
          entry: scanned.path,
          problem:
            `brings the unpacked size over the ${formatBytes(limits.maxTotalSize)} limit; stopped reading here, later entries ` +
            `were not checked`,
          fix: 'leave large files out of the package (its "files" field), or raise the limit',
        });
      }
      const capture = options.capture(scanned);
      const chunks: Buffer[] = [];
      const hash = createHash("sha256");
      entry.on("data", (chunk: Buffer) => {
        hash.update(chunk);
        if (capture) chunks.push(chunk);
      });
      entry.on("end", () => {
        if (isRegularFile(scanned)) hashes.set(scanned.path, hash.digest("hex"));
        if (capture) captured.set(scanned.path, Buffer.concat(chunks));
      });
      entry.resume();
    };
    parser.on("entry", take);
    // Entries of types tar does not read (sparse files, volume labels...) come here instead.
    parser.on("ignoredEntry", take);

    source.pipe(gunzip);
  });
}

const isRegularFile = (entry: ScannedEntry) => entry.type === "File" || entry.type === "OldFile" || entry.type === "ContiguousFile";

/** node-tar applies pax global headers to later entries; other unpackers may not. */
function ambiguity(entry: ReadEntry): string | undefined {
  // Renames and resizes by extended headers are found by trailingDataProblems, which sees the raw headers.
  if (entry.globalExtended) return "follows a pax global header, which some unpackers apply to later entries and others ignore";
  return undefined;
}
