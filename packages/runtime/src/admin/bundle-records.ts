import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleDigestsFile, type BundleDigests } from "../trust/bundle-digests.js";

/** What the deployment's folder records of one plug: plugs.lock.json's line and plugs.digests.json's. */
export interface BundledPlugRecord {
  source: "workspace" | "registry" | "file" | "git" | null;
  integrity: string | null;
  signedBy: string | null;
  /** Listed in plugs.digests.json, whose files start compared with the installed ones (a start refuses any difference). */
  verified: boolean;
}

export type BundleRecords = ReadonlyMap<string, BundledPlugRecord>;

interface LockLine {
  id?: unknown;
  source?: unknown;
  integrity?: unknown;
  signedBy?: unknown;
}

const sources = new Set(["workspace", "registry", "file", "git"]);
const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/**
 * Reads plugs.lock.json and plugs.digests.json of the deployment's folder (a bundle has both, a
 * workspace the lock only); a missing or unreadable file leaves its fields null. Call it once the
 * start checked the digests: `verified` means that check covered the plug.
 */
export async function readBundleRecords(root: string | URL | undefined): Promise<BundleRecords> {
  const records = new Map<string, BundledPlugRecord>();
  if (root === undefined) return records;
  const dir = typeof root === "string" ? root : fileURLToPath(root);
  const lock = (await readJson(join(dir, "plugs.lock.json"))) as { plugs?: LockLine[] } | undefined;
  const digests = (await readJson(join(dir, bundleDigestsFile))) as Partial<BundleDigests> | undefined;
  const record = (id: string) => {
    let found = records.get(id);
    if (!found) records.set(id, (found = { source: null, integrity: null, signedBy: null, verified: false }));
    return found;
  };
  for (const line of Array.isArray(lock?.plugs) ? lock.plugs : []) {
    const id = text(line.id);
    if (id === null) continue;
    const found = record(id);
    found.source = sources.has(line.source as string) ? (line.source as BundledPlugRecord["source"]) : null;
    found.integrity = text(line.integrity);
    found.signedBy = text(line.signedBy);
  }
  for (const plug of Array.isArray(digests?.plugs) ? digests.plugs : []) {
    if (typeof plug?.id !== "string") continue;
    const found = record(plug.id);
    found.verified = true;
    found.signedBy ??= text(plug.signedBy);
  }
  return records;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
}
