import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Problem } from "@care/runtime/check-tooling";
import type { DeploymentConfig } from "../deployment-config.js";
import { uiManifestPath } from "../sync/generate-ui-manifest.js";
import { plugConfigTypesPath } from "../sync/plug-config-types.js";
import type { DeploymentPaths } from "../workspace/deployment-paths.js";
import { checkCacheDir, readCacheFile, writeCacheFile } from "./cache-file.js";
import { isProblemList } from "./cached-problems.js";
import { sha256 } from "./content-digest.js";
import { isPlugFacts, type PlugFacts } from "./plug-facts.js";
import { shownFrom, type KeyedPlug } from "./plug-fact-key.js";

/** What `care check` found after the trust check, for a deployment whose inputs are all unchanged. */
export interface KeptResult {
  problems: Problem[];
  notes: Problem[];
  /** Files looked for whose presence the key does not cover (see uiTargetsLookedAt), with whether each existed. */
  lookedAt: [string, boolean][];
}

/**
 * The caches of one deployment's check, in the workspace's node_modules/.cache/care: each plug's
 * facts by its key (plug-facts/), and the whole result (check-results/) by a key over every plug's
 * key and the deployment's own files. Entries that cannot be read are misses.
 */
export interface CheckCaches {
  /** The plugs that can be keyed, by id. */
  plugs: Map<string, KeyedPlug>;
  factsOf(id: string): PlugFacts | undefined;
  keepFacts(id: string, facts: PlugFacts): Promise<void>;
  /** The kept result, when every input is as it was and every file looked at still is or is not there. */
  result(): KeptResult | undefined;
  /** Keeps a result; only when every plug has a key (else the result depends on what no key shows). */
  keepResult(result: KeptResult): Promise<void>;
}

/** Bump when a kept result's shape or meaning changes. */
const resultRevision = 1;

export function checkCaches(input: {
  root: string;
  paths: DeploymentPaths;
  config: DeploymentConfig;
  refusedIds: Set<string>;
  plugs: Map<string, KeyedPlug>;
  checker: string;
  coreVersion: string;
}): CheckCaches {
  const factsDir = checkCacheDir(input.root, "plug-facts");
  const factsFile = (id: string) => {
    const plug = input.plugs.get(id);
    return plug && join(factsDir, `${plug.key}.json`);
  };
  const key = resultKey(input);
  const resultFile = key && join(checkCacheDir(input.root, "check-results"), `${key}.json`);
  return {
    plugs: input.plugs,
    factsOf: (id) => {
      const file = factsFile(id);
      return file ? readCacheFile(file, isPlugFacts) : undefined;
    },
    keepFacts: async (id, facts) => {
      const file = factsFile(id);
      if (file) await writeCacheFile(file, facts);
    },
    result: () => {
      const kept = resultFile ? readCacheFile(resultFile, isKeptResult) : undefined;
      return kept?.lookedAt.every(([path, existed]) => existsSync(path) === existed) ? kept : undefined;
    },
    keepResult: async (result) => {
      if (resultFile) await writeCacheFile(resultFile, result);
    },
  };
}

/**
 * The whole result's key: every plug's key, the deployment's config (its trust policy included) and
 * which plugs the trust check refused, and the bytes of its files: plug.config.ts, package.json,
 * plugs.lock.json and what `care sync` generates. Undefined when a plug that was not refused has no
 * key.
 */
function resultKey(input: Parameters<typeof checkCaches>[0]): string | undefined {
  const { config, paths } = input;
  const plugKeys = config.plugs.map((entry) => (input.refusedIds.has(entry.name) ? "refused" : input.plugs.get(entry.name)?.key));
  if (plugKeys.includes(undefined)) return undefined;
  const files = [
    paths.config,
    paths.packageJson,
    paths.lockfile,
    paths.manifest,
    plugConfigTypesPath(paths.dir),
    uiManifestPath(paths.dir),
  ];
  return sha256(
    JSON.stringify([
      resultRevision,
      input.checker,
      input.coreVersion,
      input.root,
      shownFrom(),
      paths.name,
      files.map((file) => [file, fileDigest(file)]),
      { ...config, plugs: config.plugs.map((entry) => ({ ...entry, configs: undefined })) },
      plugKeys,
    ]),
  );
}

function fileDigest(file: string): string | null {
  try {
    return sha256(readFileSync(file));
  } catch {
    return null;
  }
}

function isKeptResult(value: unknown): value is KeptResult {
  const kept = value as Partial<Record<keyof KeptResult, unknown>> | null;
  return (
    typeof kept === "object" &&
    kept !== null &&
    isProblemList(kept.problems) &&
    isProblemList(kept.notes) &&
    Array.isArray(kept.lookedAt) &&
    kept.lookedAt.every((entry) => Array.isArray(entry) && typeof entry[0] === "string" && typeof entry[1] === "boolean")
  );
}
