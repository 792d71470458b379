import { readPlugBlock } from "@care/runtime/check-tooling";
import { CareCliError } from "../cli-error.js";

/** What a plug says about itself in its package.json: what a person reviews before adding it. */
export interface PlugDeclaration {
  packageName: string;
  version: string;
  /** Its own id (care.plug.id). */
  ownId: string;
  core: string;
  dependencies: Record<string, string>;
  hooks: string[];
  hosts: string[];
  coreReads: Record<string, string[]>;
  /** The export with its screens (care.plug.ui): code that runs in staff members' browsers. */
  ui?: string;
}

/** Reads the declaration from a package.json (parsed); never imports anything of the package. */
export function declarationOf(packageJson: { name?: string; version?: string; care?: { plug?: unknown } }): PlugDeclaration {
  let block: ReturnType<typeof readPlugBlock>;
  try {
    block = readPlugBlock(packageJson);
  } catch (error) {
    throw new CareCliError((error as Error).message, {
      code: "plug_block_invalid",
      hint: "only packages with a valid care.plug block can be added as plugs",
    });
  }
  return {
    packageName: packageJson.name ?? "(no name)",
    version: packageJson.version ?? "(no version)",
    ownId: block.id,
    core: block.core,
    dependencies: block.dependencies,
    hooks: [...block.hooks],
    hosts: [...block.hosts],
    coreReads: block.coreReads as Record<string, string[]>,
    ...(block.ui && { ui: block.ui }),
  };
}

const list = (items: string[]) => (items.length ? items.join(", ") : "none");
const reads = (coreReads: Record<string, string[]>) =>
  Object.entries(coreReads).map(([table, columns]) => `${table}(${columns.join(", ")})`);
const dependencies = (dependencies: Record<string, string>) => Object.entries(dependencies).map(([id, range]) => `${id} ${range}`);

/** The review `care plug add` prints before anything of the plug runs. */
export function describeDeclaration(id: string, declaration: PlugDeclaration, signature: string): string[] {
  return [
    `  id               ${id}${id === declaration.ownId ? "" : ` (its own id: ${declaration.ownId})`}`,
    `  package          ${declaration.packageName}@${declaration.version}`,
    `  signature        ${signature}`,
    `  core             ${declaration.core}`,
    `  needs plugs      ${list(dependencies(declaration.dependencies))}`,
    `  hooks            ${list(declaration.hooks)}`,
    `  reads core       ${list(reads(declaration.coreReads))}`,
    `  calls hosts      ${list(declaration.hosts)}`,
    `  web screens      ${declaration.ui ? `${declaration.ui} (runs in staff browsers)` : "none"}`,
  ];
}

/**
 * What changed between the installed version's declaration and the new one, one line per field
 * that changed (`+` added, `-` removed); empty when only the version moved.
 */
export function declarationChanges(
  before: PlugDeclaration & { publisher?: string },
  after: PlugDeclaration & { publisher?: string },
): string[] {
  const lines: string[] = [];
  const compare = (label: string, old: string[], now: string[]) => {
    const added = now.filter((item) => !old.includes(item));
    const removed = old.filter((item) => !now.includes(item));
    if (added.length || removed.length)
      lines.push(`  ${label.padEnd(16)} ${[...added.map((item) => `+ ${item}`), ...removed.map((item) => `- ${item}`)].join(", ")}`);
  };
  if (before.core !== after.core) lines.push(`  ${"core".padEnd(16)} ${before.core} → ${after.core}`);
  compare("needs plugs", dependencies(before.dependencies), dependencies(after.dependencies));
  compare("hooks", before.hooks, after.hooks);
  compare("reads core", reads(before.coreReads), reads(after.coreReads));
  compare("calls hosts", before.hosts, after.hosts);
  if ((before.ui ?? "none") !== (after.ui ?? "none"))
    lines.push(`  ${"web screens".padEnd(16)} ${before.ui ?? "none"} → ${after.ui ?? "none"}`);
  if ((before.publisher ?? "") !== (after.publisher ?? "")) {
    lines.push(`  ${"publisher".padEnd(16)} ${before.publisher ?? "unsigned"} → ${after.publisher ?? "unsigned"}`);
  }
  return lines;
}
