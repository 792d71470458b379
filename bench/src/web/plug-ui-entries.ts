import { relative } from "node:path";
import type { Plugin } from "vite";

/**
 * A build plugin that records, as Vite's manifest keys them (relative to the app's root), the modules the UI manifest
 * imports dynamically: the plugs' UI entries, which the app loads at start, before its first screen. A manifest that
 * imports them statically leaves this empty, since they are part of the entry chunk then.
 */
// `uiManifestFile` must be its real path: the bundler keys modules by it, symlinks resolved.
export function recordPlugUiEntries(uiManifestFile: string, appRoot: string, into: string[]): Plugin {
  return {
    name: "care-bench-plug-ui-entries",
    generateBundle() {
      const dynamicallyImported = this.getModuleInfo(uiManifestFile)?.dynamicallyImportedIds ?? [];
      into.push(...dynamicallyImported.map((id) => relative(appRoot, id).split("\\").join("/")));
    },
  };
}
