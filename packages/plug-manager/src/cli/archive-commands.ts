import { resolve } from "node:path";
import { archiveNetworkNeeds, formatBytes, packPlug, verifyArchive, type ArchiveLimits } from "../archive/index.js";
import { CareCliError } from "../cli-error.js";
import { describeArchiveTrust, type VerifyTrust } from "../trust/verify-report.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/** A path the user typed: `pnpm care` runs in the workspace root, INIT_CWD is where they were. */
const fromUser = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);

/**
 * `care pack <plug-dir>`: pnpm pack into --out-dir with the plug's dependencies inside (unless
 * `bundle` is false), the .sha256 next to it, then verified as care verify would.
 */
export async function packCommand(dir: string, outDir: string, sign?: string, bundle = true): Promise<void> {
  const packed = await packPlug(fromUser(dir), {
    outDir: fromUser(outDir),
    bundle,
    ...(sign !== undefined && { sign: fromUser(sign) }),
  });
  const verified = await verifyArchive(packed.tarball, { checksumFile: packed.checksumFile });
  say(
    `packed ${packed.name}@${packed.version} (plug ${packed.id}): ${verified.files.length} files, ` +
      `${formatBytes(verified.unpackedSize)} unpacked`,
  );
  say(`  ${packed.tarball}`);
  say(`  ${packed.checksumFile}  (sha256 ${packed.sha256})`);
  if (packed.bundled.length > 0) {
    say(
      `  bundled ${packed.bundled.length} package(s) under node_modules/ (licences listed in THIRD-PARTY-NOTICES.md): ` +
        packed.bundled.map((item) => `${item.name}@${item.version}`).join(", "),
    );
  }
  const needs = await archiveNetworkNeeds(verified);
  if (needs.length > 0)
    say(`  needs the network for: ${needs.join(", ")} (a site installs ${needs.length === 1 ? "it" : "them"} from a registry)`);
  if (packed.signedWith) say(`  signed (care-plug.sig inside) with key ${packed.signedWith}; publish your .pub file so sites can trust it`);
}

export interface VerifyCommandOptions {
  checksum?: string;
  maxFileSize?: number;
  maxTotalSize?: number;
  maxEntries?: number;
  deployment?: string;
  key?: string;
  json?: boolean;
}

/**
 * `care verify <archive>`: checksum, entries, sizes, the plug's package.json and its bundled
 * packages, without unpacking; then its signature, and what installing it would fetch from a
 * registry (with -d, what that workspace's lockfile already holds does not count). The exit code
 * does not depend on the network line: the archive is valid either way.
 */
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
  const workspace = options.deployment !== undefined && root ? root() : undefined;
  const trust: VerifyTrust =
    workspace !== undefined && options.deployment !== undefined
      ? { deployment: options.deployment, root: workspace }
      : options.key !== undefined
        ? { keyFile: fromUser(options.key) }
        : undefined;
  const signature = await describeArchiveTrust(verified, trust);
  const needsNetwork = await archiveNetworkNeeds(verified, workspace === undefined ? {} : { root: workspace });
  if (options.json) {
    const { name, version, id, sha256, unpackedSize, files, bundled } = verified;
    say(JSON.stringify({ name, version, id, sha256, files: files.length, unpackedSize, signature, bundled, needsNetwork }, null, 2));
    return;
  }
  say(
    `✓ ${verified.name}@${verified.version} (plug ${verified.id}): ${verified.files.length} files, ` +
      `${formatBytes(verified.unpackedSize)} unpacked, sha256 ${verified.sha256}`,
  );
  say(`  signature: ${signature}`);
  const carried = verified.bundled.filter((item) => item.path === `node_modules/${item.name}`);
  if (carried.length > 0) say(`  bundled: ${carried.map((item) => `${item.name}@${item.version}`).join(", ")}`);
  if (needsNetwork.length === 0)
    say(`  installs offline: every dependency outside Care is bundled${workspace ? " or in the workspace's lockfile" : ""}`);
  else {
    say(`  needs the network for: ${needsNetwork.join(", ")}`);
    say(
      `    (not bundled${workspace ? ", and not in this workspace's pnpm-lock.yaml" : ""}; ask its publisher for an archive made ` +
        `by care pack, which bundles them, or install on a machine that reaches the registry)`,
    );
  }
}
