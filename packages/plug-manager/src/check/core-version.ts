import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { resolvedPackageDir } from "./checker-digest.js";

/**
 * The version of the @care/core this CLI resolves, read from its package.json: the same value as
 * the core's `coreVersion` (built from that file), without importing the core, whose server and
 * database modules take longer to load than a warm `care check` of 500 plugs.
 */
export async function installedCoreVersion(): Promise<string> {
  const dir = resolvedPackageDir("@care/core");
  if (!dir) throw new Error("@care/core cannot be resolved from @care/plug-manager");
  return (JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { version: string }).version;
}
