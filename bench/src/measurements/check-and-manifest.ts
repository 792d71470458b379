import { join } from "node:path";
import type { Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { interleave, summarise, type Summary, type Variant } from "../stats.js";
import { childEnv } from "../workspace/child-env.js";
import { createLinkedWorkspace } from "../workspace/linked-workspace.js";
import { buildManifestStage } from "../workspace/manifest-stage-build.js";
import { timedProcess } from "../workspace/timed-process.js";

const plugCounts = [50, 100, 500] as const;
const largest = 500;
/** The targets: 500 plugs within a second, and linear: the per-plug cost at 500 at most 1.25 × that at 50. */
const targetMs = 1000;
const linearFactor = 1.25;

/**
 * `care check` and the manifest stage of `care sync` on 50, 100 and 500 synthetic plugs, each as a
 * process of its own as a user runs it, interleaved with two start-up baselines: the CLI doing
 * nothing (`care --help`) and the manifest process importing its modules and stopping.
 */
export const checkAndManifest: Measurement = {
  name: "check-and-manifest",
  title: "care check and manifest generation, 50/100/500 plugs",
  run: async ({ root, tmpDir, quick, log }) => {
    const cli = join(root, "packages/plug-manager/dist/cli.js");
    const workspace = await createLinkedWorkspace(join(tmpDir, "check-and-manifest"), root, plugCounts);
    const manifestScript = await buildManifestStage(join(tmpDir, "manifest-stage"), root);
    log(`workspace of ${workspace.plugs.length} synthetic plugs and ${workspace.deployments.size} deployments in ${workspace.root}`);
    const env = childEnv({ DATABASE_URL: "", CARE_DATA_DIR: "" });
    const node = (args: string[]) => async () => (await timedProcess(process.execPath, args, { cwd: workspace.root, env })).ms;

    const variants: Variant[] = [
      { name: "cli start-up", run: node([cli, "--help"]) },
      { name: "manifest start-up", run: node([manifestScript, workspace.root, "-", "--startup-only"]) },
    ];
    for (const count of plugCounts) {
      const deployment = workspace.deployments.get(count)!;
      variants.push({ name: `check ${count}`, run: node([cli, "check", "-d", deployment]) });
      variants.push({ name: `manifest ${count}`, run: node([manifestScript, workspace.root, deployment]) });
    }
    const rounds = quick ? 2 : 5;
    log(`${variants.length} processes per round, ${rounds} rounds after a warm-up round`);
    const samples = await interleave(variants, rounds);
    const summary = (name: string) => summarise(samples.get(name)!);

    const rows: ResultRow[] = [];
    const stages = [
      { key: "check", measurement: "care check (CLI process)", startup: "cli start-up" },
      { key: "manifest", measurement: "manifest + lock generation (sync's last stage, process)", startup: "manifest start-up" },
    ];
    for (const stage of stages) {
      const startup = summary(stage.startup);
      for (const count of plugCounts) {
        const total = summary(`${stage.key} ${count}`);
        rows.push({
          measurement: stage.measurement,
          database: "-",
          case: `${count} plugs`,
          unit: "ms",
          better: "lower",
          result: total,
          ...(count === largest && { target: `< ${targetMs} ms`, met: total.median < targetMs }),
          note: `of which process start-up ${startup.median.toFixed(0)} ms (${((100 * startup.median) / total.median).toFixed(0)} %)`,
        });
      }
      const perPlug = (count: number) => perPlugSamples(samples.get(`${stage.key} ${count}`)!, samples.get(stage.startup)!, count);
      const first = perPlug(plugCounts[0]);
      for (const count of plugCounts.slice(1)) {
        const row = withRatio({
          measurement: `${stage.measurement}, per plug without start-up`,
          database: "-",
          case: `${count} plugs`,
          unit: "ms",
          better: "lower",
          result: perPlug(count),
          baseline: { name: `per plug at ${plugCounts[0]}`, result: first },
          target: `≤ ${linearFactor} × per plug at ${plugCounts[0]}`,
        });
        rows.push({
          ...row,
          met: row.ratio! <= linearFactor,
          note: `(time − start-up) / plugs, per round; at ${plugCounts[0]} plugs: ${first.median.toFixed(2)} ms`,
        });
      }
      rows.push({
        measurement: `${stage.measurement}, start-up alone`,
        database: "-",
        case: stage.key === "check" ? "care --help" : "imports only",
        unit: "ms",
        better: "lower",
        result: startup,
      });
    }
    return rows;
  },
};

/** Per round: (time with `count` plugs − start-up in the same round) / count. */
function perPlugSamples(totals: readonly number[], startups: readonly number[], count: number): Summary {
  return summarise(totals.map((total, round) => (total - startups[round]!) / count));
}
