import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The part of tsup's `build` the dev loop calls: the plug's own tsup.config.ts, with overrides. */
type TsupBuild = (options: {
  dts?: boolean;
  clean?: boolean;
  silent?: boolean;
  watch?: boolean;
  esbuildOptions?: (options: { absWorkingDir?: string }) => void;
}) => Promise<void>;

let tsupBuild: Promise<TsupBuild> | undefined;

/**
 * The workspace's own tsup (the one `pnpm build` runs), loaded once and kept: a rebuild then costs
 * esbuild's work alone, not a new process loading tsup each time.
 */
export function loadTsup(root: string): Promise<TsupBuild> {
  tsupBuild ??= (async () => {
    const entry = createRequire(join(root, "package.json")).resolve("tsup");
    return ((await import(pathToFileURL(entry).href)) as { build: TsupBuild }).build;
  })();
  return tsupBuild;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Rebuilds one plug's JavaScript as `pnpm build` does (its tsup.config.ts), without type
 * declarations: running needs only dist/*.js, and the declaration build takes seconds. The old
 * declarations stay (clean off) until `pnpm build` writes new ones. tsup resolves everything from
 * the current directory, so builds run one at a time inside the plug's folder; esbuild took its
 * directory once, when its service started, so it is given the plug's folder too (this replaces an
 * `esbuildOptions` of the plug's own tsup config while `care dev` builds it).
 */
export function buildPlugCode(root: string, plugDir: string): Promise<void> {
  const build = async () => {
    const tsup = await loadTsup(root);
    const before = process.cwd();
    process.chdir(plugDir);
    try {
      const esbuildOptions = (options: { absWorkingDir?: string }) => {
        options.absWorkingDir = plugDir;
      };
      await tsup({ dts: false, clean: false, silent: true, watch: false, esbuildOptions });
    } finally {
      process.chdir(before);
    }
  };
  const next = queue.then(build, build);
  queue = next.catch(() => undefined);
  return next;
}
