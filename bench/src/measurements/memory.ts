import type { BenchDatabase } from "../databases.js";
import { eachDatabase, type BenchContext, type Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { startAndTime } from "../runtime/first-request.js";
import { HttpClient } from "../runtime/http-client.js";
import { freshStorage, type Storage } from "../runtime/storage.js";
import { interleave, summarise, type Variant } from "../stats.js";
import { generateDeployment, type SyntheticDeployment } from "../synthetic/generate.js";

const plugCount = 50;
const adminPassword = "bench-admin-password";

/**
 * Peak resident memory (the process's RSS high-water mark, `resourceUsage().maxRSS`) of a child
 * process that starts on an installed database and serves a little work: patients registered (so
 * every plug's handler runs) and each plug's route called once. One process per sample, so the
 * peaks of the composed deployment and the hand-wired baseline never mix.
 */
export const memory: Measurement = {
  name: "memory",
  title: "peak memory",
  run: async (context) => {
    const deployment = await generateDeployment(context.tmpDir, plugCount, "afterCommit");
    return eachDatabase(context, async (database) => [await measureDatabase(context, database, deployment)]);
  },
};

async function measureDatabase(context: BenchContext, database: BenchDatabase, deployment: SyntheticDeployment): Promise<ResultRow> {
  const rounds = context.quick ? 1 : 4;
  const patients = context.quick ? 5 : 20;
  const storages: Storage[] = [];
  const variants = (["plugged", "hand-wired"] as const).map((variant): Variant => {
    let storage: Storage | undefined;
    return {
      name: variant,
      run: async () => {
        // Installed by the warm-up round, then reused: memory of a restart, not of first install.
        if (!storage) storages.push((storage = await freshStorage(database, context.tmpDir)));
        const spec = { variant, manifestUrl: deployment.manifestUrl, featuresUrl: deployment.featuresUrl, storage: storage.spec };
        const { child, port } = await startAndTime(context.tmpDir, { ...spec, adminPassword, logLevel: "silent" });
        try {
          const client = await HttpClient.login(port, adminPassword);
          const [patient] = await client.registerPatients(patients);
          for (const id of deployment.ids) await client.get(`/api/plugs/${id}/patients/${patient}`);
          const { maxRssBytes } = await child.ask({ kind: "memory" }, "memory");
          return maxRssBytes / 2 ** 20;
        } finally {
          await child.stop();
        }
      },
    };
  });
  context.log(`${database.label}: 2 variants × ${rounds} rounds`);
  let samples: Map<string, number[]>;
  try {
    samples = await interleave(variants, rounds);
  } finally {
    for (const storage of storages) await storage.dispose();
  }
  const row = withRatio({
    measurement: "peak memory",
    database: database.label,
    case: `${plugCount} plugs`,
    unit: "MiB",
    better: "lower",
    result: summarise(samples.get("plugged")!),
    baseline: { name: "hand-wired", result: summarise(samples.get("hand-wired")!) },
    target: "≤ 1.10 × hand-wired",
    note:
      `maxRSS of a fresh process: start on an installed database, ${patients} patients registered over HTTP, each plug's route ` +
      `called once${database.url ? "" : "; includes PGlite's in-process database"}`,
  });
  return { ...row, met: row.ratio! <= 1.1 };
}
