import type { BenchDatabase } from "../databases.js";
import { eachDatabase, type BenchContext, type Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { BenchChild } from "../runtime/child-process.js";
import { freshStorage } from "../runtime/storage.js";
import { interleave, summarise, type Variant } from "../stats.js";
import { generateDeployment } from "../synthetic/generate.js";

const subscribers = 10;

/**
 * Durable signals delivered per second: an outbox of rows for 10 durable subscribers (each
 * delivery inserts a row in its plug's table and marks the outbox row delivered), emptied by one
 * app instance, or by two at once on one PostgreSQL database. Each instance is a child process
 * with its own connection pool; before each sample every row is made pending again (not timed).
 */
export const durableDelivery: Measurement = {
  name: "durable-delivery",
  title: "durable signals delivered per second",
  run: (context) => eachDatabase(context, (database) => measureDatabase(context, database)),
};

async function measureDatabase(context: BenchContext, database: BenchDatabase): Promise<ResultRow[]> {
  const rounds = context.quick ? 2 : 6;
  const patients = context.quick ? 30 : 150;
  const deployment = await generateDeployment(context.tmpDir, subscribers, "durable");
  const storage = await freshStorage(database, context.tmpDir);
  const spec = { manifestUrl: deployment.manifestUrl, storage: storage.spec, adminPassword: "bench-admin-password" };
  const instances: BenchChild[] = [];
  try {
    // Started one after the other: the first installs the plugs, the second finds them current.
    // PGlite is one process's database, so it has one instance.
    for (let index = 0; index < (database.url ? 2 : 1); index++) {
      const child = await BenchChild.fork(context.tmpDir, "deliver", spec);
      instances.push(child);
      await child.next("ready");
    }
    const { rows: outbox } = await instances[0]!.ask({ kind: "fill", patients }, "filled", 300_000);
    const deliverWith = (count: number) => async () => {
      await instances[0]!.ask({ kind: "reset" }, "reset");
      const began = performance.now();
      const results = await Promise.all(instances.slice(0, count).map((child) => child.ask({ kind: "deliver" }, "delivered", 300_000)));
      const delivered = results.reduce((sum, result) => sum + result.rows, 0);
      if (delivered !== outbox) throw new Error(`delivered ${delivered} of ${outbox} outbox rows`);
      return delivered / ((performance.now() - began) / 1000);
    };
    const variants: Variant[] = [{ name: "one", run: deliverWith(1) }];
    if (database.url) variants.push({ name: "two", run: deliverWith(2) });
    context.log(`${database.label}: ${variants.length} variant(s) × ${rounds} rounds of ${outbox} deliveries`);
    const samples = await interleave(variants, rounds);
    const one = summarise(samples.get("one")!);
    const note =
      `${outbox} outbox rows (${patients} patients × ${subscribers} durable subscribers), up to 16 in flight per ` +
      `subscriber, claimed with FOR UPDATE SKIP LOCKED`;
    const rows: ResultRow[] = [
      {
        measurement: "durable delivery",
        database: database.label,
        case: "one instance",
        unit: "deliveries/s",
        better: "higher",
        result: one,
        note,
      },
    ];
    if (database.url) {
      const two = withRatio({
        measurement: "durable delivery",
        database: database.label,
        case: "two instances",
        unit: "deliveries/s",
        better: "higher",
        result: summarise(samples.get("two")!),
        baseline: { name: "one instance", result: one },
        target: "≥ 1.6 × one instance",
        note: "two child processes, each its own dispatcher and connection pool, on one database",
      });
      rows.push({ ...two, met: two.ratio! >= 1.6 });
    } else {
      rows.push({
        measurement: "durable delivery",
        database: database.label,
        case: "two instances",
        unit: "deliveries/s",
        better: "higher",
        result: summarise([]),
        note: "not applicable: PGlite is one process's embedded database, so a deployment on it has one instance",
      });
    }
    return rows;
  } finally {
    for (const child of instances) await child.stop();
    await storage.dispose();
  }
}
