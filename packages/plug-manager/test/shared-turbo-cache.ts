import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Vitest's global setup: one turbo cache for every copy of the workspace this run makes. A copy builds
 * the same core, SDK and CLI from the same files; sharing turbo's content-hashed cache lets each copy
 * after the first restore them instead of building them again (about a minute per copy on 2 cores).
 * Fresh for each run and removed after it; never the repository's own cache.
 */
export default function setup(): () => void {
  const cacheDir = mkdtempSync(join(tmpdir(), "care-cli-tests-turbo-cache-"));
  process.env.TURBO_CACHE_DIR = cacheDir;
  return () => rmSync(cacheDir, { recursive: true, force: true });
}
