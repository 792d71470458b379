import { PGlite, type PGliteOptions } from "@electric-sql/pglite";

/**
 * A new cluster costs initdb, several seconds of WebAssembly on a small machine; loading a copy of
 * one costs about a second. So the first in-memory database of a process is dumped before anyone
 * uses it, and every later one starts from that pristine copy: the same cluster, sooner. A check
 * that builds each plug's schema in its own scratch database opens many.
 */
let pristineCluster: Promise<Blob | undefined> | undefined;

export async function openInMemory(options: Pick<PGliteOptions, "parsers">): Promise<PGlite> {
  if (pristineCluster) {
    const cluster = await pristineCluster;
    return PGlite.create(cluster ? { ...options, loadDataDir: cluster } : options);
  }
  const first = PGlite.create(options);
  // Set before the first await, so that a second open meanwhile waits for this copy.
  pristineCluster = first.then(
    (pglite) => pglite.dumpDataDir("none").catch(() => undefined),
    () => undefined,
  );
  await pristineCluster;
  return first;
}
