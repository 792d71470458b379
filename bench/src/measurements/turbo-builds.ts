import { cp, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { interleave, summarise } from "../stats.js";
import { touchPlug, createTurboWorkspace } from "../workspace/turbo-workspace.js";
import { turboBuild, type TurboRun } from "../workspace/turbo-run.js";

const fullPlugCount = 20;
/** --quick: each plug's tsup build (with type declarations) costs seconds on two cores. */
const quickPlugCount = 6;

/** What a cold build without --quick runs, in the row's note. */
const coldWithoutCache = "no turbo cache: core, plug-sdk, runtime, plug-manager, every plug and both deployments";

/**
 * `turbo run build` in a copy of this workspace with 20 plugs (tsup, like first-party plugs) and two
 * deployments, one listing every plug and one all but the plug that gets touched: a cold build, then
 * interleaved builds with no change and builds after touching that one plug's source. Each build's
 * --summarize report says which tasks ran and which came from the cache.
 */
export const turboBuilds: Measurement = {
  name: "turbo-builds",
  title: `turbo build of ${fullPlugCount} plugs and two deployments: cold, no change, one plug touched`,
  run: async ({ root, tmpDir, quick, log, skip }) => {
    const plugCount = quick ? quickPlugCount : fullPlugCount;
    const began = performance.now();
    let workspace: Awaited<ReturnType<typeof createTurboWorkspace>>;
    try {
      workspace = await createTurboWorkspace(tmpDir, root, plugCount);
    } catch (error) {
      skip(`could not set up the workspace copy (pnpm install --offline): ${(error as Error).message}`);
      return [];
    }
    log(`workspace copy with ${plugCount} plugs installed in ${((performance.now() - began) / 1000).toFixed(1)} s: ${workspace.root}`);
    try {
      // --quick: the workspace's own packages come from this repository's turbo cache (where their
      // sources are unchanged), so the "cold" build is the plugs' and deployments' only.
      if (quick) await cp(join(root, ".turbo", "cache"), join(workspace.root, ".turbo", "cache"), { recursive: true }).catch(() => {});
      const cold = await turboBuild(workspace.root);
      log(`cold build: ${(cold.ms / 1000).toFixed(1)} s, ${cold.executed.length} of ${cold.tasks} tasks ran`);

      const runs = { "no change": [] as TurboRun[], "one plug touched": [] as TurboRun[] };
      let touches = 0;
      const samples = await interleave(
        [
          { name: "no change", run: async () => record(runs["no change"], await turboBuild(workspace.root)) },
          {
            name: "one plug touched",
            run: async () => {
              await touchPlug(workspace, `${Date.now()}-${++touches}`);
              return record(runs["one plug touched"], await turboBuild(workspace.root));
            },
          },
        ],
        quick ? 2 : 5,
      );
      const expected = [`${workspace.touched.packageName}#build`, `${workspace.listing}#build`].sort();
      const noChange = summarise(samples.get("no change")!);
      const touched = summarise(samples.get("one plug touched")!);
      const allCached = runs["no change"].every((run) => run.executed.length === 0);
      const onlyExpected = runs["one plug touched"].every((run) => sameSet(run.executed, expected));
      const rows: ResultRow[] = [
        {
          measurement: "turbo build, cold",
          database: "-",
          case: `${plugCount} plugs, 2 deployments${quick ? ", packages/* from cache" : ""}`,
          unit: "ms",
          better: "lower",
          result: summarise([cold.ms]),
          note:
            `one sample; ${cold.executed.length} of ${cold.tasks} tasks ran ` +
            `(${quick ? "--quick: packages/* from this repository's turbo cache" : coldWithoutCache})`,
        },
        {
          measurement: "turbo build, no change",
          database: "-",
          case: `${plugCount} plugs, 2 deployments`,
          unit: "ms",
          better: "lower",
          result: noChange,
          target: "every task cached",
          met: allCached,
          note: describeRuns(runs["no change"]),
        },
        {
          ...withRatio({
            measurement: "turbo build, one plug touched",
            database: "-",
            case: `${plugCount} plugs, 2 deployments, ${workspace.touched.id} changed`,
            unit: "ms",
            better: "lower",
            result: touched,
            baseline: { name: "no change", result: noChange },
            target: "only the plug and the deployment listing it run",
          }),
          met: onlyExpected,
          note:
            `expected to run: ${expected.join(", ")}; ${workspace.notListing} must stay cached. ` +
            `${describeRuns(runs["one plug touched"])}`,
        },
      ];
      return rows;
    } finally {
      await rm(workspace.root, { recursive: true, force: true });
    }
  },
};

function record(runs: TurboRun[], run: TurboRun): number {
  runs.push(run);
  return run.ms;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((item, index) => item === b[index]);

/** "Cached: x of y" per run, and the tasks that ran (the same in every run, or each run's). */
function describeRuns(runs: readonly TurboRun[]): string {
  const cached = runs.map((run) => `${run.cached.length}/${run.tasks}`).join(", ");
  const ran = [...new Set(runs.map((run) => run.executed.slice().sort().join(", ") || "nothing"))];
  return `cached per run (incl. warm-up): ${cached}; ran: ${ran.join(" | ")}`;
}
