import type { DeliveryMode } from "@care/core";
import type { BenchDatabase } from "../databases.js";
import { eachDatabase, type BenchContext, type Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { bootInProcess, createPatient, type InProcessDeployment } from "../runtime/in-process.js";
import { interleave, summarise } from "../stats.js";
import { generateDeployment } from "../synthetic/generate.js";

const modes: DeliveryMode[] = ["inTransaction", "afterCommit", "durable"];
const targets: Partial<Record<DeliveryMode, number>> = { afterCommit: 0.9, durable: 0.75 };

/**
 * Sequential patient registrations through the core service, in this process: with no plugs, and
 * with 10 synthetic plugs subscribed to patient.created in one delivery mode (each handler inserts
 * a row in its plug's table). Four deployments, each on a fresh database, interleaved.
 */
export const coreWrites: Measurement = {
  name: "core-writes",
  title: "core writes per second",
  run: (context) => eachDatabase(context, (database) => measureDatabase(context, database)),
};

async function measureDatabase(context: BenchContext, database: BenchDatabase): Promise<ResultRow[]> {
  const writes = context.quick ? 50 : 200;
  const rounds = context.quick ? 3 : 6;
  const deployments = new Map<string, InProcessDeployment>();
  try {
    deployments.set("none", await bootInProcess(database, context.tmpDir, await generateDeployment(context.tmpDir, 0, "afterCommit")));
    for (const mode of modes)
      deployments.set(mode, await bootInProcess(database, context.tmpDir, await generateDeployment(context.tmpDir, 10, mode)));
    const variants = [...deployments].map(([name, deployment]) => ({
      name,
      run: async () => {
        const began = performance.now();
        for (let index = 0; index < writes; index++) await createPatient(deployment);
        const perSecond = writes / ((performance.now() - began) / 1000);
        // What the writer left behind is finished between samples, so no sample inherits a backlog:
        // after-commit handlers (they ran alongside the writes, sharing the process and database)
        // and durable deliveries (the dispatcher's work, measured in durable-delivery).
        await deployment.core.signals.idle();
        await deployment.core.dispatcher.deliverDue();
        return perSecond;
      },
    }));
    context.log(`${database.label}: ${variants.length} deployments × ${rounds} rounds of ${writes} writes`);
    const samples = await interleave(variants, rounds);
    const baseline = { name: "no subscribers", result: summarise(samples.get("none")!) };
    const rows: ResultRow[] = [
      {
        measurement: "core writes",
        database: database.label,
        case: "no subscribers",
        unit: "writes/s",
        better: "higher",
        result: baseline.result,
        note: `${writes} sequential patient registrations per sample through core.patients.create`,
      },
    ];
    for (const mode of modes) {
      const target = targets[mode];
      const row = withRatio({
        measurement: "core writes",
        database: database.label,
        case: `10 plugs, ${mode}`,
        unit: "writes/s",
        better: "higher",
        result: summarise(samples.get(mode)!),
        baseline,
        ...(target && { target: `≥ ${target.toFixed(2)} × no subscribers` }),
        note: notes[mode],
      });
      rows.push(target ? { ...row, met: row.ratio! >= target } : row);
    }
    return rows;
  } finally {
    for (const deployment of deployments.values()) await deployment.close();
  }
}

const notes: Record<DeliveryMode, string> = {
  inTransaction: "10 handlers each insert a row inside the write's transaction",
  afterCommit: "10 handlers each insert a row after commit, in this process, alongside the next writes; the writer does not wait for them",
  durable: "each write also records 10 outbox rows; the dispatcher delivers them between samples (not timed)",
};
