import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";

/**
 * Imports a deployment's TypeScript (plug.config.ts, the generated manifest) in-process: no build
 * step, no loader flags. `@care/plug-manager` resolves to this very package, so a config loads even
 * in a workspace that has not built it yet.
 */
export async function importTypeScript<T>(file: string): Promise<T> {
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    alias: { "@care/plug-manager": fileURLToPath(import.meta.resolve("@care/plug-manager")) },
  });
  return jiti.import<T>(file, { default: true });
}
