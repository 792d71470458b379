import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { childEnv } from "./child-env.js";
import { timedProcess } from "./timed-process.js";

/** One `turbo run build`: its wall time and, from its run summary, which tasks ran and which came from the cache. */
export interface TurboRun {
  ms: number;
  tasks: number;
  cached: string[];
  /** Task ids that ran, e.g. `@bench-plugs/p020#build`. */
  executed: string[];
}

interface RunSummary {
  tasks: { taskId: string; cache: { status: "HIT" | "MISS" } }[];
}

/** Runs the workspace's own turbo with --summarize, then reads the summary it wrote to .turbo/runs/. */
export async function turboBuild(root: string, extraArgs: string[] = []): Promise<TurboRun> {
  const runs = join(root, ".turbo", "runs");
  const before = new Set(await readdir(runs).catch(() => [] as string[]));
  const turbo = join(root, "node_modules", ".bin", "turbo");
  const { ms } = await timedProcess(turbo, ["run", "build", "--summarize", "--output-logs=errors-only", ...extraArgs], {
    cwd: root,
    env: childEnv(),
  });
  const written = (await readdir(runs)).filter((file) => file.endsWith(".json") && !before.has(file));
  if (written.length !== 1) throw new Error(`expected one new run summary in ${runs}, found ${written.length}`);
  const summary = JSON.parse(await readFile(join(runs, written[0]!), "utf8")) as RunSummary;
  const cached = summary.tasks.filter((task) => task.cache.status === "HIT").map((task) => task.taskId);
  const executed = summary.tasks.filter((task) => task.cache.status !== "HIT").map((task) => task.taskId);
  return { ms, tasks: summary.tasks.length, cached, executed };
}
