import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";

/** One line of plugs.lock.json: exactly what a deployment was built with. */
export interface LockedPlug {
  id: string;
  package: string;
  version: string;
  source: "workspace" | "registry" | "file" | "git";
  integrity: string;
  /** sha256-<hex> of the package's file listing (the runtime's package-files), signed or not. */
  digest: string;
  /** The trusted publisher's name in the deployment's policy, when the plug is signed. */
  signedBy?: string;
  /** The package's own care.plug.id, so that a package calling itself another plug is noticed. */
  plugId?: string;
}

export interface PlugsLock {
  deployment: string;
  plugs: LockedPlug[];
}

/** A registry package's integrity, as pnpm recorded it in pnpm-lock.yaml. */
export async function registryIntegrity(root: string, name: string, version: string): Promise<string | undefined> {
  const { parse } = await import("yaml"); // loaded here only: `care check` reads no YAML
  const lock = parse(await readFile(join(root, "pnpm-lock.yaml"), "utf8")) as {
    packages?: Record<string, { resolution?: { integrity?: string } }>;
  };
  return lock.packages?.[`${name}@${version}`]?.resolution?.integrity;
}

/** The commit pnpm resolved a git dependency's tag to, as `git-<sha1>`. */
export async function gitIntegrity(root: string, name: string, version: string): Promise<string | undefined> {
  const { parse } = await import("yaml"); // loaded here only: `care check` reads no YAML
  const lock = parse(await readFile(join(root, "pnpm-lock.yaml"), "utf8")) as {
    packages?: Record<string, { version?: string; resolution?: { commit?: string } }>;
  };
  const found = Object.entries(lock.packages ?? {}).find(
    ([key, value]) => key.startsWith(`${name}@git`) && value.version === version && value.resolution?.commit,
  );
  return found && `git-${found[1].resolution!.commit}`;
}

/**
 * A workspace package has no registry integrity; this hashes what would be published (package.json,
 * dist, migrations), so a changed plug shows up as a changed lock line.
 */
export async function workspaceIntegrity(dir: string): Promise<string> {
  const hash = createHash("sha512");
  const files = ["package.json", ...(await listFiles(dir, "dist")), ...(await listFiles(dir, "migrations"))].sort();
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(join(dir, file)));
  }
  return `sha512-${hash.digest("base64")}`;
}

async function listFiles(root: string, folder: string): Promise<string[]> {
  const entries = await readdir(join(root, folder), { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** The deployment's plugs.lock.json, or undefined before its first sync. */
export async function readPlugsLock(file: string): Promise<PlugsLock | undefined> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  return text ? (JSON.parse(text) as PlugsLock) : undefined;
}
