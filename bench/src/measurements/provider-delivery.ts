import type { BenchDatabase } from "../databases.js";
import { eachDatabase, type BenchContext, type Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { BenchChild } from "../runtime/child-process.js";
import { LoopbackProvider } from "../runtime/loopback-provider.js";
import { freshStorage } from "../runtime/storage.js";
import { interleave, summarise, type Variant } from "../stats.js";
import { courierPlugs, generateCourierDeployment } from "../synthetic/courier.js";

const latencies = [0, 100] as const;
const targetPerSecond = 100;

/**
 * Durable deliveries per second when each one is a request to a provider (a real HTTP server on
 * 127.0.0.1 answering after 0 or 100 ms), one app instance. The plug runs at the dispatcher's
 * default concurrency; its baseline, interleaved, is the same handler subscribed with concurrency
 * 1, which is how every delivery ran before: one at a time.
 */
export const providerDelivery: Measurement = {
  name: "provider-delivery",
  title: "durable deliveries per second against a loopback provider",
  run: (context) => eachDatabase(context, (database) => measureDatabase(context, database)),
};

async function measureDatabase(context: BenchContext, database: BenchDatabase): Promise<ResultRow[]> {
  const rounds = context.quick ? 2 : 5;
  // Enough rows for the wide plug to run at full width most of a sample; the one-at-a-time
  // baseline takes fewer at 100 ms (its rate does not depend on the count) to keep the run short.
  const rows = context.quick ? 160 : 400;
  const rowsOneAtATime = (latencyMs: number) => (latencyMs > 0 ? (context.quick ? 15 : 40) : rows);
  const manifestUrl = await generateCourierDeployment(context.tmpDir);
  const provider = await LoopbackProvider.start();
  const storage = await freshStorage(database, context.tmpDir);
  let child: BenchChild | undefined;
  try {
    child = await BenchChild.fork(context.tmpDir, "deliver", {
      manifestUrl,
      storage: storage.spec,
      adminPassword: "bench-admin-password",
      providerUrl: provider.url,
    });
    await child.next("ready");
    await child.ask({ kind: "fill", patients: rows }, "filled", 300_000);
    const instance = child;
    const deliverWith = (subscriber: string, latencyMs: number, count: number) => async () => {
      provider.latencyMs = latencyMs;
      await instance.ask({ kind: "reset", only: { subscriber, rows: count } }, "reset");
      const before = provider.requests;
      const began = performance.now();
      const { rows: settled } = await instance.ask({ kind: "deliver" }, "delivered", 300_000);
      const seconds = (performance.now() - began) / 1000;
      if (settled !== count || provider.requests - before !== count) {
        throw new Error(`settled ${settled} and sent ${provider.requests - before} of ${count} deliveries`);
      }
      return count / seconds;
    };
    const variants: Variant[] = latencies.flatMap((latencyMs) => [
      { name: `wide ${latencyMs}`, run: deliverWith(courierPlugs.wide, latencyMs, rows) },
      { name: `single ${latencyMs}`, run: deliverWith(courierPlugs.single, latencyMs, rowsOneAtATime(latencyMs)) },
    ]);
    context.log(`${database.label}: ${variants.length} variants × ${rounds} rounds`);
    const samples = await interleave(variants, rounds);
    return latencies.map((latencyMs) => {
      const row = withRatio({
        measurement: "durable delivery against a loopback provider, one instance",
        database: database.label,
        case: `${latencyMs} ms provider latency`,
        unit: "deliveries/s",
        better: "higher",
        result: summarise(samples.get(`wide ${latencyMs}`)!),
        baseline: { name: "one at a time", result: summarise(samples.get(`single ${latencyMs}`)!) },
        note:
          `${rows} deliveries, each a POST to 127.0.0.1 answered after ${latencyMs} ms and an insert in the plug's table, at the ` +
          `default concurrency (16 in flight); baseline: the same handler subscribed with concurrency 1`,
        ...(latencyMs === 100 && { target: `≥ ${targetPerSecond} deliveries/s` }),
      });
      return latencyMs === 100 ? { ...row, met: row.result.median >= targetPerSecond } : row;
    });
  } finally {
    await child?.stop();
    await provider.close();
    await storage.dispose();
  }
}
