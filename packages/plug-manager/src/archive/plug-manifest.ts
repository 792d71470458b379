import { plugBlockSchema, type PlugBlock } from "@care/runtime/tooling";
import semver from "semver";

/** What `care pack` and `care verify` need to know from a plug's package.json. */
export interface PlugManifest {
  name: string;
  version: string;
  plug: PlugBlock;
}

/**
 * Checks a parsed package.json as a plug's: a package name, a semver version and a valid
 * `care.plug` block (its id matching the plug-id pattern). Returns the manifest, or every problem.
 */
export function checkPlugManifest(
  packageJson: unknown,
): { manifest: PlugManifest; problems: [] } | { manifest: undefined; problems: string[] } {
  if (typeof packageJson !== "object" || packageJson === null || Array.isArray(packageJson)) {
    return { manifest: undefined, problems: ["is not a JSON object"] };
  }
  const json = packageJson as { name?: unknown; version?: unknown; care?: { plug?: unknown } };
  const problems: string[] = [];
  const name = typeof json.name === "string" && json.name.trim() !== "" ? json.name : undefined;
  if (!name) problems.push('has no "name"');
  const version = typeof json.version === "string" && semver.valid(json.version) === json.version ? json.version : undefined;
  if (!version) {
    problems.push(
      json.version === undefined
        ? 'has no "version"'
        : `has version ${JSON.stringify(json.version)}, which is not a semver version such as 1.2.0`,
    );
  }
  let plug: PlugBlock | undefined;
  const care = typeof json.care === "object" && json.care !== null ? json.care : undefined;
  if (care?.plug === undefined) {
    problems.push('has no "care": { "plug": { ... } } block, which is what makes a package a plug');
  } else {
    // The block's schema, not readPlugBlock: here the subject of each sentence is package.json itself.
    const result = plugBlockSchema.safeParse(care.plug);
    if (result.success) plug = result.data;
    else
      problems.push(
        `has an invalid care.plug block: ` +
          `${result.error.issues.map((issue) => `care.plug.${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
      );
  }
  if (problems.length > 0 || !name || !version || !plug) return { manifest: undefined, problems };
  return { manifest: { name, version, plug }, problems: [] };
}
