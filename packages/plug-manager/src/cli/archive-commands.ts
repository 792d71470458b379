import { resolve } from "node:path";
import { formatBytes, packPlug, verifyArchive, type ArchiveLimits } from "../archive/index.js";
import { CareCliError } from "../cli-error.js";
import { describeArchiveTrust, type VerifyTrust } from "../trust/verify-report.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/** A path the user typed: `pnpm care` runs in the workspace root, INIT_CWD is where they were. */
const fromUser = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);

/** `care pack <plug-dir>`: pnpm pack into --out-dir, the .sha256 next to it, then verified as care verify would. */
export async function packCommand(dir: string, outDir: string, sign?: string): Promise<void> {
  const packed = await packPlug(fromUser(dir), { outDir: fromUser(outDir), ...(sign !== undefined && { sign: fromUser(sign) }) });
  const verified = await verifyArchive(packed.tarball, { checksumFile: packed.checksumFile });
  say(
    `packed ${packed.name}@${packed.version} (plug ${packed.id}): ${verified.files.length} files, ` +
      `${formatBytes(verified.unpackedSize)} unpacked`,
  );
  say(`  ${packed.tarball}`);
  say(`  ${packed.checksumFile}  (sha256 ${packed.sha256})`);
  if (packed.signedWith) say(`  signed (care-plug.sig inside) with key ${packed.signedWith}; publish your .pub file so sites can trust it`);
}

export interface VerifyCommandOptions {
  checksum?: string;
  maxFileSize?: number;
  maxTotalSize?: number;
  maxEntries?: number;
  deployment?: string;
  key?: string;
}

/** `care verify <archive>`: checksum, entries, sizes and the plug's package.json, without unpacking. */
export async function verifyCommand(file: string, options: VerifyCommandOptions, root?: () => string): Promise<void> {
  if (options.deployment !== undefined && options.key !== undefined)
    throw new CareCliError("give -d <deployment> or --key <file>, not both", { code: "invalid_arguments" });
  const limits: Partial<ArchiveLimits> = {};
  if (options.maxFileSize !== undefined) limits.maxEntrySize = options.maxFileSize;
  if (options.maxTotalSize !== undefined) limits.maxTotalSize = options.maxTotalSize;
  if (options.maxEntries !== undefined) limits.maxEntries = options.maxEntries;
  const verified = await verifyArchive(fromUser(file), {
    checksumFile: options.checksum === undefined ? undefined : fromUser(options.checksum),
    limits,
  });
  say(
    `✓ ${verified.name}@${verified.version} (plug ${verified.id}): ${verified.files.length} files, ` +
      `${formatBytes(verified.unpackedSize)} unpacked, sha256 ${verified.sha256}`,
  );
  const trust: VerifyTrust =
    options.deployment !== undefined && root
      ? { deployment: options.deployment, root: root() }
      : options.key !== undefined
        ? { keyFile: fromUser(options.key) }
        : undefined;
  say(`  signature: ${await describeArchiveTrust(verified, trust)}`);
}
