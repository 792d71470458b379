import type { BenchDatabase } from "../databases.js";
import type { BenchContext, Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { startAndTime } from "../runtime/first-request.js";
import { slope } from "../runtime/slope.js";
import { freshStorage, type Storage } from "../runtime/storage.js";
import { interleave, summarise, type Variant } from "../stats.js";
import { generateDeployment, type SyntheticDeployment } from "../synthetic/generate.js";

const variants = ["plugged", "hand-wired"] as const;
type State = "fresh" | "installed";

/**
 * Fork → first answered GET /health, a new node process per sample (plain JS, no TS loader), for
 * the composed deployment (startDeployment) and the hand-wired baseline with the same features.
 * All plug counts and both variants of one database and state are interleaved in one run.
 */
export const startup: Measurement = {
  name: "startup",
  title: "start-up to first served request",
  run: async (context) => {
    const counts = context.quick ? [0, 50] : [0, 10, 50, 200];
    const deployments = await Promise.all(counts.map((count) => generateDeployment(context.tmpDir, count, "afterCommit")));
    const rows: ResultRow[] = [];
    for (const database of context.databases) {
      for (const state of ["fresh", "installed"] as const) {
        try {
          rows.push(...(await measureState(context, database, state, deployments)));
        } catch (error) {
          context.skip(`${database.label}, ${state}: ${(error as Error).message}`);
        }
      }
    }
    return rows;
  },
};

async function measureState(
  context: BenchContext,
  database: BenchDatabase,
  state: State,
  deployments: SyntheticDeployment[],
): Promise<ResultRow[]> {
  const rounds = context.quick ? 1 : 3;
  // Installed: one database per variant and count, installed by the warm-up round and reused.
  const installed = new Map<string, Storage>();
  const cases = deployments.flatMap((deployment) =>
    variants.map((variant): Variant => {
      const name = `${variant} ${deployment.count}`;
      return {
        name,
        run: async () => {
          let storage = installed.get(name);
          if (!storage && state === "installed") installed.set(name, (storage = await freshStorage(database, context.tmpDir)));
          const own = storage ?? (await freshStorage(database, context.tmpDir));
          try {
            const spec = { variant, manifestUrl: deployment.manifestUrl, featuresUrl: deployment.featuresUrl, storage: own.spec };
            const { ms, child } = await startAndTime(context.tmpDir, {
              ...spec,
              adminPassword: "bench-admin-password",
              logLevel: "silent",
            });
            await child.stop();
            return ms;
          } finally {
            if (state === "fresh") await own.dispose();
          }
        },
      };
    }),
  );
  context.log(`${database.label}, ${state}: ${cases.length} variants × ${rounds} rounds`);
  let samples: Map<string, number[]>;
  try {
    samples = await interleave(cases, rounds, { warmup: state === "installed" ? 1 : 0 });
  } finally {
    for (const storage of installed.values()) await storage.dispose();
  }

  const rows = deployments.map((deployment) =>
    withRatio({
      measurement: "start-up to first request",
      database: database.label,
      case: `${deployment.count} plugs, ${state}`,
      unit: "ms",
      better: "lower",
      result: summarise(samples.get(`plugged ${deployment.count}`)!),
      baseline: { name: "hand-wired", result: summarise(samples.get(`hand-wired ${deployment.count}`)!) },
      ...(deployment.count === 50 && { target: "≤ 1.10 × hand-wired" }),
      note:
        state === "fresh"
          ? `new process, fork → GET /health answered; empty database: core and ${deployment.count} plugs installed during ` +
            `start-up${database.url ? "" : " (PGlite: a copy of an initialised empty folder, so its 2-5 s initdb is not counted)"}`
          : `new process, fork → GET /health answered; database already installed by the same variant (restart)`,
    }),
  );
  for (const row of rows) if (row.target) row.met = row.ratio! <= 1.1;
  if (state === "installed") rows.push(slopeRow(database, deployments, samples, rounds));
  return rows;
}

/** Start-up time per added plug on an installed database: one least-squares slope per round. */
function slopeRow(database: BenchDatabase, deployments: SyntheticDeployment[], samples: Map<string, number[]>, rounds: number): ResultRow {
  const counts = deployments.map((deployment) => deployment.count);
  const perRound = (variant: string) =>
    Array.from({ length: rounds }, (_, round) =>
      slope(
        counts,
        counts.map((count) => samples.get(`${variant} ${count}`)![round]!),
      ),
    );
  const plugged = summarise(perRound("plugged"));
  const handWired = summarise(perRound("hand-wired"));
  return {
    measurement: "start-up to first request",
    database: database.label,
    case: "per added plug, installed",
    unit: "ms/plug",
    better: "lower",
    result: plugged,
    baseline: { name: "hand-wired", result: handWired },
    target: "< 2 ms per added plug",
    met: plugged.median < 2,
    note:
      `least-squares slope of installed start-up over ${counts.join(", ")} plugs, one per round; composition's own share is the ` +
      `difference to hand-wired: ${(plugged.median - handWired.median).toFixed(2)} ms/plug`,
  };
}
