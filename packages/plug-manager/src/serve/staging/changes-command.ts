import { describeStagedChange } from "./describe-inspection.js";
import { existingStagingSite } from "./site.js";
import { discardStagedChange, listStagedChanges } from "./staged-changes.js";

const out = (line: string): void => void process.stdout.write(`${line}\n`);

/** `care changes -d <deployment> [--json]`: the staged changes, oldest first. */
export async function changesCommand(root: string, options: { deployment: string; json?: boolean }): Promise<void> {
  const changes = await listStagedChanges(existingStagingSite(root, options.deployment).siteDir);
  if (options.json) return out(JSON.stringify({ items: changes }, null, 2));
  if (changes.length === 0) return out(`nothing is staged for ${options.deployment}`);
  out(`staged for the next apply of ${options.deployment}:`);
  for (const change of changes) out(`  ${describeStagedChange(change)}`);
}

/** `care changes discard <id> -d <deployment>`: unstages one change and deletes its archive. */
export async function discardCommand(root: string, id: string, options: { deployment: string }): Promise<void> {
  const discarded = await discardStagedChange(existingStagingSite(root, options.deployment).siteDir, id);
  out(`discarded ${describeStagedChange(discarded)}`);
}
