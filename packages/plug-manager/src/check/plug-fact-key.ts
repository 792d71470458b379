import { join } from "node:path";
import type { PlugEntry } from "../deployment-config.js";
import type { TrustedPlug } from "../sync/trust-before-import.js";
import type { PlugSource } from "../sync/plug-source.js";
import type { WorkspacePackage } from "../workspace/workspace-packages.js";
import { configFingerprint, NotFingerprintable } from "./config-fingerprint.js";
import { sha256 } from "./content-digest.js";
import { dependenciesDigest } from "./dependency-digest.js";
import type { ReleaseTags } from "./last-release.js";
import { realPath } from "./real-path.js";

/** A plug whose facts can be kept: the key they are kept under, and where it is installed. */
export interface KeyedPlug {
  key: string;
  /** The real folder the check imports it from. */
  dir: string;
  packageName: string;
}

/** Bump when what the checks do with a plug changes in a way its inputs do not show. */
const factsRevision = 1;

/**
 * Each plug's key, by id: everything its facts follow from, by content. Its files (the digest the
 * trust check computed of every file in its folder: dist, package.json, migrations, tables file),
 * its real folder, what it loads (dependenciesDigest), its entry in plug.config.ts with its configs
 * as this environment resolves them (configFingerprint), its source and workspace folder, its release
 * tags (the object each names), the checker's code, the core's version, the folder problems name
 * paths from. A plug that cannot be keyed (not installed, refused, a config value with no data form)
 * has none: it is imported and checked at every run.
 */
export async function plugFactKeys(input: {
  root: string;
  deploymentDir: string;
  entries: PlugEntry[];
  sources: Map<string, PlugSource>;
  workspace: Map<string, WorkspacePackage>;
  trusted: Map<string, TrustedPlug>;
  env: NodeJS.ProcessEnv;
  releaseTags: () => Promise<ReleaseTags | undefined>;
  checker: string;
  coreVersion: string;
}): Promise<Map<string, KeyedPlug>> {
  const common = [factsRevision, input.checker, input.coreVersion, input.root, shownFrom()];
  const keyOne = async (entry: PlugEntry): Promise<[string, KeyedPlug] | undefined> => {
    const source = input.sources.get(entry.name);
    const trusted = input.trusted.get(entry.name);
    const dir = source && realPath(join(input.deploymentDir, "node_modules", source.packageName));
    if (!source || !trusted || !dir) return undefined;
    const configs = await configFingerprint(entry.configs, input.env).catch((error: unknown) => {
      if (error instanceof NotFingerprintable) return notFingerprintable;
      throw error;
    });
    if (configs === notFingerprintable) return undefined;
    const local = source.kind === "workspace" ? input.workspace.get(source.packageName) : undefined;
    const tags = local && (await input.releaseTags());
    const key = sha256(
      JSON.stringify([
        ...common,
        { ...entry, configs: undefined },
        configs,
        source,
        dir,
        trusted.trust.digest,
        dependenciesDigest(dir),
        local && [local.dir, local.name, realPath(local.dir)],
        local && (tags === undefined ? "no git" : (tags.get(local.name) ?? [])),
      ]),
    );
    return [entry.name, { key, dir, packageName: source.packageName }];
  };
  // One after another, in the config's order: a config function runs here (once, see withConfigFunctionsOnce).
  const keyed = new Map<string, KeyedPlug>();
  for (const entry of input.entries) {
    const pair = await keyOne(entry);
    if (pair) keyed.set(...pair);
  }
  return keyed;
}

const notFingerprintable = Symbol("not fingerprintable");

/** What problem texts name paths relative to (fromHere): pnpm's INIT_CWD, or the working folder. */
export const shownFrom = (): [string | null, string] => [process.env.INIT_CWD ?? null, process.cwd()];
