import type { ChangeBatch, DevPlug } from "./watch-changes.js";

/** What one batch of changes asks for, and how `care dev` names it in its line. */
export interface ChangePlan {
  /** e.g. "lab changed (src/routes/order-test.ts)". */
  what: string;
  /** plug.config.ts or a plug's package.json changed: sync as `care sync` does, and build the deployment. */
  sync: boolean;
  /** Plugs whose migrations changed: their tables file is written again, as sync writes it. */
  tables: DevPlug[];
  /** Plugs to rebuild. */
  builds: DevPlug[];
}

export function planChanges(batch: ChangeBatch): ChangePlan {
  const parts = [...batch.plugs].map(([plug, files]) => `${plug.id} changed (${listed([...files].sort())})`);
  if (batch.config) parts.unshift("plug.config.ts changed");
  const touched = (plug: DevPlug, prefix: string) => [...batch.plugs.get(plug)!].some((file) => file.startsWith(prefix));
  const plugs = [...batch.plugs.keys()];
  return {
    what: parts.join("; "),
    sync: batch.config || plugs.some((plug) => touched(plug, "package.json")),
    tables: plugs.filter((plug) => touched(plug, "migrations/")),
    builds: plugs,
  };
}

function listed(files: string[]): string {
  return files.length <= 3 ? files.join(", ") : `${files.slice(0, 2).join(", ")} and ${files.length - 2} more`;
}
