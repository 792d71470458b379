import { readFile } from "node:fs/promises";
import { gunzipSync, inflateRawSync } from "node:zlib";
import type { ArchiveProblem } from "./problem.js";

const block = 512;
const rebuild = "do not install this archive; re-create it with care pack from the plug's folder";

/**
 * What lies beyond the archive's end, which readers treat differently: a second gzip member or
 * bytes after the gzip stream (zlib goes on into a second member; other readers stop), or tar
 * data after the first zero block (pnpm's reader stops at one zero block, node-tar needs two and
 * reads on after a lone one). A package made by a packer has none of these. Call it on an archive
 * the streaming scan has already read through within its limits (this one holds it in memory).
 */
export async function trailingDataProblems(file: string): Promise<ArchiveProblem[]> {
  const compressed = await readFile(file);
  const start = gzipHeaderLength(compressed);
  if (start === undefined) return [{ code: "archive_damaged", problem: "has a gzip header that is cut short or malformed", fix: rebuild }];
  let inflated: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    inflated = inflateRawSync(compressed.subarray(start), { info: true }) as unknown as typeof inflated;
  } catch (error) {
    return [{ code: "archive_damaged", problem: `is damaged: its gzip data is corrupt (${(error as Error).message})`, fix: rebuild }];
  }
  const streamEnd = start + inflated.engine.bytesWritten + 8; // the deflate data, then CRC32 and size
  if (streamEnd < compressed.length) {
    const extra = compressed.length - streamEnd;
    const another = compressed[streamEnd] === 0x1f && compressed[streamEnd + 1] === 0x8b;
    return [
      {
        code: "archive_ambiguous",
        problem: another
          ? `has a second gzip stream after the first (${extra} bytes), which some unpackers read as more of the package and others ignore`
          : `has ${extra} bytes after its gzip stream ends, which are not part of the package`,
        fix: rebuild,
      },
    ];
  }
  return tarTrailingProblems(gunzipSync(compressed));
}

/**
 * Walks the tar headers as they are written (before any extended header is applied) to the first
 * zero block; everything from there on must be zero. On the way, refuses what makes readers name or
 * size an entry differently: a pax global header (applied by some, ignored by others), and a pax or
 * GNU long name or a pax size that contradicts the entry's own tar header (beyond completing a name
 * too long for it).
 */
function tarTrailingProblems(tar: Buffer): ArchiveProblem[] {
  const problems: ArchiveProblem[] = [];
  let offset = 0;
  let pending: { path?: string; size?: number } = {};
  while (offset + block <= tar.length) {
    const header = tar.subarray(offset, offset + block);
    if (header.every((byte) => byte === 0)) {
      const rest = tar.subarray(offset);
      const firstNonZero = rest.findIndex((byte) => byte !== 0);
      if (firstNonZero === -1) return problems;
      return [
        ...problems,
        {
          code: "archive_ambiguous",
          problem:
            `has data after its end-of-archive marker (at byte ${offset + firstNonZero} of the tar data), which some ` +
            `unpackers read as more of the package`,
          fix: rebuild,
        },
      ];
    }
    const ustarSize = Number.parseInt(text(header, 124, 12).trim() || "0", 8);
    if (!Number.isFinite(ustarSize) || ustarSize < 0)
      return [
        ...problems,
        { code: "archive_damaged", problem: `has a tar header with an unreadable size at byte ${offset}`, fix: rebuild },
      ];
    const type = String.fromCharCode(header[156]!);
    const prefix = header.subarray(257, 262).toString("latin1") === "ustar" ? text(header, 345, 155) : "";
    const name = prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100);
    const body = tar.subarray(offset + block, offset + block + ustarSize);
    if (type === "g") {
      problems.push({
        code: "archive_ambiguous",
        entry: name,
        problem: "is a pax global header, which some unpackers apply to every later entry and others ignore",
        fix: rebuild,
      });
    } else if (type === "x") {
      pending = { ...pending, ...paxRecords(body) };
    } else if (type === "L") {
      pending.path = body.toString("utf8").replace(/\0+$/, "");
    } else if (type !== "K") {
      const named = pending.path;
      if (named !== undefined && named !== name && !(name.length >= 99 && named.startsWith(name))) {
        problems.push({
          code: "archive_ambiguous",
          entry: named,
          problem:
            `is named so by an extended (pax or GNU) header but ${JSON.stringify(name)} by its tar header, so readers ` +
            `disagree on its name`,
          fix: rebuild,
        });
      }
      if (pending.size !== undefined && pending.size !== ustarSize) {
        problems.push({
          code: "archive_ambiguous",
          entry: named ?? name,
          problem:
            `has its size changed by a pax header (${ustarSize} bytes in its tar header, ${pending.size} in the pax one), so ` +
            `readers disagree on where it ends`,
          fix: rebuild,
        });
      }
      // node-tar, which installs it, reads the pax size.
      offset += block + Math.ceil((pending.size ?? ustarSize) / block) * block;
      pending = {};
      continue;
    }
    offset += block + Math.ceil(ustarSize / block) * block;
  }
  return offset === tar.length
    ? [
        ...problems,
        { code: "archive_damaged", problem: "has no end-of-archive marker (two zero blocks), so it was cut short", fix: rebuild },
      ]
    : problems;
}

const text = (buffer: Buffer, start: number, length: number) =>
  buffer
    .subarray(start, start + length)
    .toString("utf8")
    .replace(/\0.*$/s, "");

/** The path and size records of a pax header body (`<length> <key>=<value>\n` records). */
function paxRecords(body: Buffer): { path?: string; size?: number } {
  const found: { path?: string; size?: number } = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const length = Number.parseInt(body.subarray(at, space).toString("latin1"), 10);
    if (space === -1 || !Number.isFinite(length) || length <= 0) break;
    const record = body.subarray(space + 1, at + length - 1).toString("utf8");
    const equals = record.indexOf("=");
    const key = record.slice(0, equals);
    if (key === "path") found.path = record.slice(equals + 1);
    if (key === "size") found.size = Number(record.slice(equals + 1));
    at += length;
  }
  return found;
}

/** The length of the gzip member header (RFC 1952), or undefined when it is not complete. */
function gzipHeaderLength(data: Buffer): number | undefined {
  if (data.length < 10 || data[0] !== 0x1f || data[1] !== 0x8b) return undefined;
  const flags = data[3]!;
  let offset = 10;
  if (flags & 4) {
    if (offset + 2 > data.length) return undefined;
    offset += 2 + data.readUInt16LE(offset);
  }
  for (const flag of [8, 16]) {
    if (!(flags & flag)) continue;
    const end = data.indexOf(0, offset);
    if (end === -1) return undefined;
    offset = end + 1;
  }
  if (flags & 2) offset += 2;
  return offset <= data.length ? offset : undefined;
}
