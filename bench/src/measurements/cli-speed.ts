import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { interleave, summarise } from "../stats.js";
import { childEnv } from "../workspace/child-env.js";
import { createLinkedWorkspace } from "../workspace/linked-workspace.js";
import { timedProcess } from "../workspace/timed-process.js";

/** The targets: the CLI answers --help and --version within 150 ms, and checks 500 plugs within a second. */
const helpTargetMs = 150;
const checkTargetMs = 1000;
const plugCount = 500;

/**
 * How fast the `care` CLI answers, each sample a process of its own as a user runs it:
 * - cli-help: `care --help` and `care --version` against `node -e 0` (Node's own start-up, the floor);
 * - check-500-plugs: `care check` of a 500-plug deployment with its cache warm (the run before left
 *   it: the whole result, each plug's facts, the migration check results) against the same check with
 *   those removed first (untimed; the generated table types stay cached, as `care plug types` left
 *   them), which imports every plug.
 */
export const cliSpeed: Measurement = {
  name: "cli",
  title: "care CLI start-up and care check at 500 plugs",
  run: async ({ root, tmpDir, quick, log }) => {
    const cli = join(root, "packages/plug-manager/dist/cli.js");
    const workspace = await createLinkedWorkspace(join(tmpDir, "cli-speed"), root, [plugCount]);
    const deployment = workspace.deployments.get(plugCount)!;
    log(`workspace of ${plugCount} synthetic plugs in ${workspace.root}`);
    const env = childEnv({ DATABASE_URL: "", CARE_DATA_DIR: "" });
    const node = (args: string[]) => async () => (await timedProcess(process.execPath, args, { cwd: workspace.root, env })).ms;
    const check = node([cli, "check", "-d", deployment]);
    const coldCheck = async () => {
      for (const kept of ["check-results", "plug-facts", "migration-checks"])
        await rm(join(workspace.root, "node_modules/.cache/care", kept), { recursive: true, force: true });
      return check();
    };

    const rounds = quick ? 3 : 10;
    const startup = await interleave(
      [
        { name: "help", run: node([cli, "--help"]) },
        { name: "version", run: node([cli, "--version"]) },
        { name: "node", run: node(["-e", "0"]) },
      ],
      rounds,
    );
    const checks = await interleave(
      [
        { name: "warm", run: check },
        { name: "cold", run: coldCheck },
      ],
      quick ? 1 : 3,
    );
    const nodeAlone = { name: "node -e 0", result: summarise(startup.get("node")!) };
    const row = (
      measurement: string,
      which: string,
      samples: number[],
      baseline: ResultRow["baseline"],
      targetMs: number,
      note: string,
    ): ResultRow => {
      const result = summarise(samples);
      return {
        ...withRatio({ measurement, database: "-", case: which, unit: "ms", better: "lower", result, baseline }),
        target: `< ${targetMs} ms`,
        met: result.median < targetMs,
        note,
      };
    };
    return [
      row(
        "cli-help",
        "care --help",
        startup.get("help")!,
        nodeAlone,
        helpTargetMs,
        "whole process; the baseline is Node starting and exiting",
      ),
      row("cli-help", "care --version", startup.get("version")!, nodeAlone, helpTargetMs, "whole process"),
      row(
        "check-500-plugs",
        `care check, ${plugCount} plugs, cache warm`,
        checks.get("warm")!,
        { name: "nothing kept but table types", result: summarise(checks.get("cold")!) },
        checkTargetMs,
        "whole process; node_modules/.cache/care keeps the result, each plug's facts and migration checks, keyed by content",
      ),
    ];
  },
};
