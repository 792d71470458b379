/** The SHA-256 of a file, in lowercase hex, read as a stream (archives can be large): the runtime's, which lists plug files. */
export { sha256OfFile as sha256File } from "@care/runtime/tooling";

/** One line as `sha256sum` prints it: `<hex>  <file name>`, so `sha256sum -c` can check it too. */
export function checksumLine(sha256: string, fileName: string): string {
  return `${sha256}  ${fileName}\n`;
}

/**
 * Reads a `sha256sum`-style checksum file: the first non-empty line, `<hex>  <name>` (or
 * `<hex> *<name>`, binary mode), or the bare hex. Undefined when it is not in that format.
 */
export function parseChecksumFile(text: string): { sha256: string; fileName: string | undefined } | undefined {
  const line = text.split(/\r?\n/).find((candidate) => candidate.trim() !== "");
  const match = line?.trim().match(/^([0-9a-fA-F]{64})(?:\s+\*?(.+))?$/);
  if (!match?.[1]) return undefined;
  return { sha256: match[1].toLowerCase(), fileName: match[2]?.trim() };
}
