import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCommand } from "../workspace/run-command.js";

/**
 * What `care plug add` may change, kept before it changes anything: plug.config.ts, the
 * deployment's package.json and the workspace's pnpm-lock.yaml. Restoring writes them back and
 * reinstalls from the old lockfile, offline, so that node_modules matches it again.
 */
export async function snapshotInstall(
  root: string,
  files: string[],
): Promise<{ restore: (log: (line: string) => void) => Promise<string | undefined> }> {
  const all = [...files, join(root, "pnpm-lock.yaml")];
  const kept = await Promise.all(all.map(async (file) => ({ file, bytes: await readFile(file).catch(() => undefined) })));
  const virtualStore = join(root, "node_modules", ".pnpm");
  const stored = new Set(await readdir(virtualStore).catch(() => [] as string[]));
  return {
    /** Answers what could not be put back, if anything (the command to run by hand). */
    async restore(log) {
      for (const { file, bytes } of kept) if (bytes) await writeFile(file, bytes);
      try {
        await runCommand("pnpm", ["install", "--offline", "--frozen-lockfile"], { cwd: root, onLine: (line) => log(`  pnpm │ ${line}`) });
      } catch (error) {
        return `node_modules could not be put back (${(error as Error).message}); run: pnpm install --frozen-lockfile`;
      }
      // A frozen install leaves the refused package's unpacked copy in the virtual store: no longer linked, removed.
      for (const entry of await readdir(virtualStore).catch(() => [] as string[])) {
        if (!stored.has(entry)) await rm(join(virtualStore, entry), { recursive: true, force: true });
      }
      return undefined;
    },
  };
}
