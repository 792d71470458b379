import { readFile } from "node:fs/promises";
import { gunzipSync, inflateRawSync } from "node:zlib";
import type { ArchiveProblem } from "./limits.js";

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
  if (start === undefined) return [{ problem: "has a gzip header that is cut short or malformed", fix: rebuild }];
  const inflated = inflateRawSync(compressed.subarray(start), { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
  const streamEnd = start + inflated.engine.bytesWritten + 8; // the deflate data, then CRC32 and size
  if (streamEnd < compressed.length) {
    const extra = compressed.length - streamEnd;
    const another = compressed[streamEnd] === 0x1f && compressed[streamEnd + 1] === 0x8b;
    return [
      {
        problem: another
          ? `has a second gzip stream after the first (${extra} bytes), which some unpackers read as more of the package and others ignore`
          : `has ${extra} bytes after its gzip stream ends, which are not part of the package`,
        fix: rebuild,
      },
    ];
  }
  return tarTrailingProblems(gunzipSync(compressed));
}

/** Walks the tar headers to the first zero block; everything from there on must be zero. */
function tarTrailingProblems(tar: Buffer): ArchiveProblem[] {
  let offset = 0;
  while (offset + block <= tar.length) {
    const header = tar.subarray(offset, offset + block);
    if (header.every((byte) => byte === 0)) {
      const rest = tar.subarray(offset);
      const firstNonZero = rest.findIndex((byte) => byte !== 0);
      if (firstNonZero === -1) return [];
      return [{ problem: `has data after its end-of-archive marker (at byte ${offset + firstNonZero} of the tar data), which some unpackers read as more of the package`, fix: rebuild }];
    }
    const size = Number.parseInt(header.subarray(124, 136).toString("latin1").replace(/\0.*$/s, "").trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) return [{ problem: `has a tar header with an unreadable size at byte ${offset}`, fix: rebuild }];
    offset += block + Math.ceil(size / block) * block;
  }
  return offset === tar.length ? [{ problem: "has no end-of-archive marker (two zero blocks), so it was cut short", fix: rebuild }] : [];
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
