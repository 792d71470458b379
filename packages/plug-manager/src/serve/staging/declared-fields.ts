import { isDeepStrictEqual } from "node:util";
import type { PlugBlock } from "@care/runtime/check-tooling";
import type { ArchiveInspection } from "@care/runtime/supervision";

/** What a plug's care.plug block declares, in the inspection's terms; compared field by field for an upgrade. */
export interface DeclaredFields {
  core: string;
  contract: string | null;
  dependencies: ArchiveInspection["dependencies"];
  /** Core tables its role may read, with the columns (coreReads). */
  coreTables: ArchiveInspection["coreTables"];
  outsideHosts: string[];
  hooks: string[];
  /** The subpath of its screens (care.plug.ui), or null. */
  ui: string | null;
  /** The trusted publisher who signed it, or null when unsigned. */
  signedBy: string | null;
}

export function declaredFields(block: PlugBlock, signedBy: string | null): DeclaredFields {
  return {
    core: block.core,
    contract: block.contract ?? null,
    dependencies: Object.entries(block.dependencies).map(([id, range]) => ({ id, range })),
    coreTables: Object.entries(block.coreReads).map(([table, columns]) => ({ table, access: [...columns] })),
    outsideHosts: [...block.hosts],
    hooks: [...block.hooks],
    ui: block.ui ?? null,
    signedBy,
  };
}

/** Each field whose value differs between the installed declaration and the archive's, in a stable order. */
export function declarationChanges(before: DeclaredFields, after: DeclaredFields): { field: string; before: unknown; after: unknown }[] {
  const fields = Object.keys(after) as (keyof DeclaredFields)[];
  return fields
    .filter((field) => !isDeepStrictEqual(normalised(before[field]), normalised(after[field])))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

/** Order does not make a declaration different: ["a", "b"] is ["b", "a"]. */
function normalised(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item) => JSON.stringify(item, Object.keys(item ?? {}).sort())).sort();
}
