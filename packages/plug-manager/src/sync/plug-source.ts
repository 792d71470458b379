import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import type { PlugEntry } from "../deployment-config.js";
import type { WorkspacePackage } from "../workspace/workspace-packages.js";
import { plugNotFound } from "./plug-not-found.js";
import { plugVersionKind } from "./plug-version.js";
import { pinnedRegistry } from "./registry-pinning.js";
import { isGitSpec, refuseGitCredentials } from "./remote-plug.js";
import { CareCliError } from "../cli-error.js";

/** Where a plug of plug.config.ts comes from, and what the deployment's package.json says for it. */
export interface PlugSource {
  packageName: string;
  /** The value under `dependencies` in the deployment's package.json. */
  dependency: string;
  kind: "workspace" | "registry" | "file" | "git";
  /** For a local archive: its path, checked by `care verify` rules before anything installs it. */
  archive?: string;
}

const packageName = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/;

export const isArchiveSpec = (spec: string) => /\.t(ar\.)?gz$/.test(spec.replace(/^file:/, ""));

/**
 * Resolves one entry: a workspace package, a registry package (its version range from the entry),
 * a git repository at a tag (the entry's version is the git URL, as in a package.json), or a local
 * plug archive (`file:./vendor/x.tgz`, relative to the deployment) — the single file an
 * air-gapped site receives, verified before it is installed.
 */
export async function resolvePlugSource(
  entry: PlugEntry,
  deploymentDir: string,
  workspace: Map<string, WorkspacePackage>,
): Promise<PlugSource> {
  if (isArchiveSpec(entry.package)) {
    const path = entry.package.replace(/^file:/, "");
    const archive = isAbsolute(path) ? path : join(deploymentDir, path);
    // Loaded only for an archive: its reader is not on the path of a workspace or registry plug.
    const { verifyArchive } = await import("../archive/index.js");
    const verified = await verifyArchive(archive);
    return { packageName: verified.name, dependency: `file:${relative(deploymentDir, archive)}`, kind: "file", archive };
  }
  if (isGitSpec(entry.package)) {
    throw new CareCliError(
      `plug ${entry.name}: package "${entry.package}" is a git URL; write the package's name there and the URL with its tag as the ` +
        `version: package: "@care-plugs/lab", version: "${entry.package}"`,
      { plug: entry.name, code: "plug_source_invalid" },
    );
  }
  if (!packageName.test(entry.package)) {
    throw new CareCliError(
      `plug ${entry.name}: "${entry.package}" is neither a package name nor a local plug archive (file:./vendor/x.tgz)`,
      { plug: entry.name, code: "plug_source_invalid" },
    );
  }
  const kind = plugVersionKind({
    plug: `plug ${entry.name}`,
    id: entry.name,
    packageName: entry.package,
    version: entry.version,
    inWorkspace: workspace.has(entry.package),
  });
  if (kind === "git" && entry.version) {
    if (!entry.version.includes("#"))
      throw new CareCliError(
        `plug ${entry.name}: ${entry.version} names no tag; add it (…#v1.2.0) so that every sync installs the same code`,
        { plug: entry.name, code: "git_tag_missing" },
      );
    refuseGitCredentials(entry.version.split("#")[0]!);
    return { packageName: entry.package, dependency: entry.version, kind: "git" };
  }
  if (kind === "workspace") return { packageName: entry.package, dependency: entry.version ?? "workspace:^", kind: "workspace" };
  // Even a name written by hand in plug.config.ts is only ever asked of its scope's own registry.
  const registry = await pinnedRegistry(entry.package, deploymentDir);
  if (registry.placeholder) throw await plugNotFound(entry.package, registry, deploymentDir);
  return { packageName: entry.package, dependency: entry.version ?? "latest", kind: "registry" };
}

/** An archive's integrity in the lockfile's format. */
export async function archiveIntegrity(file: string): Promise<string> {
  return `sha512-${createHash("sha512")
    .update(await readFile(file))
    .digest("base64")}`;
}
