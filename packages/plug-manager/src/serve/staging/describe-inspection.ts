import type { ArchiveInspection, StagedChange } from "@care/runtime/supervision";
import { formatBytes } from "../../archive/index.js";

const list = (items: string[]) => (items.length ? items.join(", ") : "none");
const row = (label: string, value: string) => `  ${label.padEnd(16)} ${value}`;
const shown = (value: unknown) => JSON.stringify(value);

/** The review `care stage` prints before asking: what the archive is and what staging it changes. */
export function describeInspection(inspection: ArchiveInspection): string[] {
  const { plug, signature, upgrade } = inspection;
  const change =
    inspection.change === "upgrade" && upgrade
      ? `upgrade of plug ${plug.id}: ${upgrade.from} → ${plug.version}`
      : `add plug ${plug.id} (${plug.version})`;
  const metadata = (["description", "license", "author", "homepage", "repository"] as const).flatMap((key) =>
    plug[key] === null ? [] : [row(key, plug[key] as string)],
  );
  const lines = [
    `${inspection.file.name} (${formatBytes(inspection.file.bytes)}, sha256 ${inspection.file.sha256}): ${change}`,
    row("id", plug.id),
    row("package", `${plug.package}@${plug.version}`),
    ...metadata,
    row(
      "signature",
      signature.status === "signed"
        ? `signed by ${signature.signedBy ?? "a trusted key"} (${signature.fingerprint ?? "fingerprint unknown"})`
        : "unsigned (this deployment's trust policy accepts unsigned plug archives)",
    ),
    row("core", `${inspection.core.range} (this site's core is ${inspection.core.compatible ? "in range" : "NOT in range"})`),
    row("contract", inspection.contract ?? "not declared"),
    row("needs plugs", list(inspection.dependencies.map((dependency) => `${dependency.id} ${dependency.range}`))),
    row("core tables", list(inspection.coreTables.map((table) => `${table.table}(${table.access.join(", ")})`))),
    row("outside hosts", list(inspection.outsideHosts)),
    row("web screens", inspection.ui ? "yes (they run in staff browsers)" : "none"),
    row("needs network", inspection.needsNetwork.length ? `${list(inspection.needsNetwork)} (an offline apply fails)` : "no"),
  ];
  if (upgrade) {
    lines.push(row("upgrade steps", list(upgrade.steps.map((step) => `${step.from} → ${step.to} (${step.file})`))));
    lines.push(
      upgrade.declarationChanges.length
        ? row("declaration", "changed:")
        : row("declaration", "the same as the installed version's (only the version moves)"),
    );
    for (const changed of upgrade.declarationChanges)
      lines.push(`    ${changed.field}: ${shown(changed.before)} → ${shown(changed.after)}`);
  }
  return lines;
}

/** One staged change on one line, as `care changes` lists them. */
export function describeStagedChange(change: StagedChange): string {
  const what =
    change.kind === "upgrade"
      ? `upgrade ${change.plug} ${change.fromVersion ?? "?"} → ${change.version ?? "?"}`
      : change.kind === "add"
        ? `add ${change.plug} ${change.version ?? ""}`.trim()
        : `${change.kind} ${change.plug}`;
  const archive = change.archive ? ` from ${change.archive.name}` : "";
  return `${change.id}  ${what}${archive}  (staged by ${change.stagedBy} at ${change.stagedAt})`;
}
