import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** One chunk of Vite's build manifest (`build.manifest`), keyed by its source relative to the app's root. */
interface ManifestChunk {
  file: string;
  imports?: string[];
}

export type ViteManifest = Record<string, ManifestChunk>;

export async function readViteManifest(outDir: string): Promise<ViteManifest> {
  return JSON.parse(await readFile(join(outDir, ".vite/manifest.json"), "utf8")) as ViteManifest;
}

/**
 * The scripts a browser fetches to run the chunks of `sources` (e.g. `index.html` and a lazy screen's module):
 * each chunk and, transitively, every chunk it imports statically. Dynamic imports are left out: they load when
 * the code asking for them runs, e.g. a plug's screen when its slot is shown.
 */
export function scriptsFor(manifest: ViteManifest, sources: readonly string[]): string[] {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (source: string) => {
    if (seen.has(source)) return;
    seen.add(source);
    const chunk = manifest[source];
    if (!chunk) throw new Error(`the build manifest has no chunk for ${source}: was it renamed?`);
    if (chunk.file.endsWith(".js")) files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const source of sources) visit(source);
  return [...files];
}
