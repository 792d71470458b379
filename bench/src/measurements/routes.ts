import autocannon from "autocannon";
import type { BenchDatabase } from "../databases.js";
import { eachDatabase, type BenchContext, type Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { startAndTime } from "../runtime/first-request.js";
import { HttpClient } from "../runtime/http-client.js";
import { freshStorage } from "../runtime/storage.js";
import { interleave, summarise } from "../stats.js";
import { generateDeployment } from "../synthetic/generate.js";

const adminPassword = "bench-admin-password";

/**
 * The same work behind a core route and a plug route of one running deployment (a child process
 * with 10 synthetic plugs): read one patient through the core service, authenticated by bearer
 * token. autocannon drives each in turn over loopback from this process.
 */
export const routes: Measurement = {
  name: "routes",
  title: "plug route against core route",
  run: (context) => eachDatabase(context, (database) => measureDatabase(context, database)),
};

async function measureDatabase(context: BenchContext, database: BenchDatabase): Promise<ResultRow[]> {
  const rounds = context.quick ? 2 : 6;
  const seconds = context.quick ? 1 : 3;
  const deployment = await generateDeployment(context.tmpDir, 10, "afterCommit");
  const storage = await freshStorage(database, context.tmpDir);
  const spec = { variant: "plugged" as const, manifestUrl: deployment.manifestUrl, featuresUrl: deployment.featuresUrl, storage: storage.spec };
  const { child, port } = await startAndTime(context.tmpDir, { ...spec, adminPassword, logLevel: "warn" });
  try {
    const client = await HttpClient.login(port, adminPassword);
    const [patient] = await client.registerPatients(1);
    const paths = { core: `/api/v1/patients/${patient}`, plug: `/api/plugs/${deployment.ids[0]}/patients/${patient}` };
    const p99 = new Map<string, number[]>([["core", []], ["plug", []]]);
    const variants = Object.entries(paths).map(([name, path]) => ({
      name,
      run: async () => {
        const result = await autocannon({ url: `${client.base}${path}`, connections: 10, duration: seconds, headers: { authorization: `Bearer ${client.token}` } });
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`GET ${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
        p99.get(name)!.push(result.latency.p99);
        return result.requests.average;
      },
    }));
    context.log(`${database.label}: core and plug route × ${rounds} rounds of ${seconds} s`);
    const samples = await interleave(variants, rounds);
    // The warm-up round's latencies are not samples.
    for (const list of p99.values()) list.splice(0, list.length - rounds);
    const note = "GET one patient through core.patients.get; autocannon, 10 connections, loopback; server logs at warn";
    const throughput = withRatio({
      measurement: "plug route",
      database: database.label,
      case: "requests per second",
      unit: "req/s",
      better: "higher",
      result: summarise(samples.get("plug")!),
      baseline: { name: "core route", result: summarise(samples.get("core")!) },
      target: "≥ 0.95 × core route",
      note,
    });
    const latency = withRatio({
      measurement: "plug route",
      database: database.label,
      case: "p99 latency",
      unit: "ms",
      better: "lower",
      result: summarise(p99.get("plug")!),
      baseline: { name: "core route", result: summarise(p99.get("core")!) },
      note: "99th percentile of each autocannon run; no target of its own, shown for the tail",
    });
    return [{ ...throughput, met: throughput.ratio! >= 0.95 }, latency];
  } finally {
    await child.stop();
    await storage.dispose();
  }
}
