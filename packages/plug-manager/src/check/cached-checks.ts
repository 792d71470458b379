import type { TrustedPlug } from "../sync/trust-before-import.js";
import { checkCaches, type KeptResult } from "./check-caches.js";
import { checkerDigest } from "./checker-digest.js";
import { FactsOutOfDate, runInstalledPlugChecks, type InstalledPlugChecks } from "./installed-plug-checks.js";
import { plugFactKeys } from "./plug-fact-key.js";

/**
 * The checks after the trust check, with what is kept between runs by content (the plugs' files and
 * what they load, their configs as resolved here, the deployment's files, the checker's code): the
 * whole result when nothing changed, else each unchanged plug's facts, so that only the plugs that
 * changed are imported. Kept facts that turn out wrong make it check afresh.
 */
export async function runCachedChecks(input: InstalledPlugChecks, trusted: Map<string, TrustedPlug>): Promise<KeptResult> {
  const checker = await checkerDigest();
  // Without the checker's digest nothing is kept: a kept result would outlive the code that found it.
  if (!checker) return (await runInstalledPlugChecks(input, undefined)).result;
  const kept = input.config.plugs.filter((entry) => !input.refusedIds.has(entry.name));
  const plugs = await plugFactKeys({ ...input, deploymentDir: input.paths.dir, entries: kept, trusted, checker });
  const caches = checkCaches({ ...input, plugs, checker });
  const cached = caches.result();
  if (cached) return cached;
  try {
    const { result, keepable } = await runInstalledPlugChecks(input, caches);
    if (keepable) await caches.keepResult(result);
    return result;
  } catch (error) {
    if (!(error instanceof FactsOutOfDate)) throw error;
    return (await runInstalledPlugChecks(input, undefined)).result;
  }
}
