import type { CarePackage } from "./care-ranges.js";
/** Names a scaffold derives from a plug id or a deployment name. */

/** `vital_signs` → `vitalSigns`: for identifiers in the generated code. */
export function camelCase(id: string): string {
  const [first = "", ...rest] = id.split(/[_-]+/).filter(Boolean);
  return first + rest.map((part) => part[0]!.toUpperCase() + part.slice(1)).join("");
}

/** `vital_signs` → `VitalSigns`: for type names in the generated code. */
export function pascalCase(id: string): string {
  const camel = camelCase(id);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** `vital_signs` → `Vital signs`: for descriptions and messages. */
export function title(id: string): string {
  const words = id.split(/[_-]+/).filter(Boolean).join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A valid name close to what was typed (`Vital-Signs` → `vital_signs` for a plug id), or undefined
 * when nothing sensible comes out of it.
 */
export function suggestName(given: string, separator: "_" | "-", maxLength: number, pattern: RegExp): string | undefined {
  const other = separator === "_" ? /-+/g : /_+/g;
  const candidate = given
    .trim()
    .toLowerCase()
    .replace(other, separator)
    .replace(/[^a-z0-9_-]+/g, separator)
    .replace(separator === "_" ? /_+/g : /-+/g, separator)
    .replace(/^[^a-z]+/, "")
    .slice(0, maxLength)
    .replace(separator === "_" ? /_+$/ : /-+$/, "");
  return candidate !== given && pattern.test(candidate) ? candidate : undefined;
}

/** Everything the plug templates need to know about the new plug. */
export interface PlugNames {
  /** How it depends on the SDK: `workspace:^` in the Care repository, else a version range. */
  sdkRange: string;
  /** The plug id, e.g. `vital_signs`: its schema is `plug_<id>`, its routes `/api/plugs/<id>/`. */
  id: string;
  packageName: string;
  /** For identifiers: `vitalSigns`. */
  camel: string;
  /** For types: `VitalSigns`. */
  pascal: string;
  /** For prose: `Vital signs`. */
  title: string;
  /** The exact zod version the workspace's packages use. */
  zodVersion: string;
}

/** Everything the deployment templates need to know about the new deployment. */
export interface DeploymentNames {
  /** The deployment name, e.g. `district-north`. */
  name: string;
  packageName: string;
  /** How it depends on the Care packages: `workspace:^` in the Care repository, else a version range. */
  ranges: Record<CarePackage, string>;
}
