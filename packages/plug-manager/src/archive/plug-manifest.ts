import { readPlugBlock, type PlugBlock } from "@care/runtime";
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
export function checkPlugManifest(packageJson: unknown): { manifest: PlugManifest; problems: [] } | { manifest: undefined; problems: string[] } {
  if (typeof packageJson !== "object" || packageJson === null || Array.isArray(packageJson)) {
    return { manifest: undefined, problems: ["is not a JSON object"] };
  }
  const json = packageJson as { name?: unknown; version?: unknown; care?: { plug?: unknown } };
  const problems: string[] = [];
  const name = typeof json.name === "string" && json.name.trim() !== "" ? json.name : undefined;
  if (!name) problems.push('has no "name"');
  const version = typeof json.version === "string" && semver.valid(json.version) === json.version ? json.version : undefined;
  if (!version) {
    problems.push(json.version === undefined ? 'has no "version"' : `has version ${JSON.stringify(json.version)}, which is not a semver version such as 1.2.0`);
  }
  let plug: PlugBlock | undefined;
  const care = typeof json.care === "object" && json.care !== null ? json.care : undefined;
  if (care?.plug === undefined) {
    problems.push('has no "care": { "plug": { ... } } block, which is what makes a package a plug');
  } else {
    const where = name ?? "package.json";
    try {
      plug = readPlugBlock({ name: where, care });
    } catch (error) {
      // readPlugBlock names the package first ("<name> has an invalid care.plug block:\n  ..."); here the subject is package.json.
      const message = (error as Error).message;
      problems.push((message.startsWith(`${where} `) ? message.slice(where.length + 1) : message).replace(/:\n\s*/, ": ").replace(/\n\s*/g, "; "));
    }
  }
  if (problems.length > 0 || !name || !version || !plug) return { manifest: undefined, problems };
  return { manifest: { name, version, plug }, problems: [] };
}
