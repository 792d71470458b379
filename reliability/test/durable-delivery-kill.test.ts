import { join } from "node:path";
import { afterAll, it } from "vitest";
import { type Api, countLoss, serve, WriteLoad } from "../src/api.js";
import { cleanUp, killAll, randomBetween, sleep, writeDeployment, type DeploymentProcess } from "../src/deployment.js";
import { scenario, skipped } from "../src/figures.js";
import { deliveryWindowMs } from "../src/limits.js";
import { scratchDatabase, serverUnavailable } from "../src/postgres.js";
import { awaitDeliveries, courierPlugSource, startProvider } from "../src/provider.js";
import { scratchDir } from "../src/scratch.js";

/** Each trial: a start, 1–3 s of writes with deliveries in flight, kill -9, restart, deliveries caught up. */
const trials = 4;

/** Slower than the writes, so a backlog builds and the kill lands with deliveries owed and in flight. */
const providerDelayMs = 40;

afterAll(cleanUp);

const fields = (database: string) => ({ order: 1, scenario: "kill -9 during durable delivery", database });

async function durableKill(database: "PGlite" | "PostgreSQL", env: Record<string, string>): Promise<void> {
  const provider = await startProvider(providerDelayMs);
  try {
    await scenario(fields(database), async (row, checks) => {
      const main = await writeDeployment("courier", courierPlugSource);
      const processEnv = { ...env, RELIABILITY_PROVIDER_URL: provider.url };
      let { deployment, api } = await serve(main, processEnv);
      const facilityId = await api.createFacility("Courier Ward");
      let target: Api | undefined = api;
      const load = new WriteLoad(() => [target], facilityId, "courier");
      const catchUps: number[] = [];
      const owedAtKill: number[] = [];
      const inFlightAtKill: number[] = [];
      let hitInFlight = 0;
      let undelivered = new Set<string>();

      for (let trial = 1; trial <= trials; trial += 1) {
        load.start(4);
        await sleep(randomBetween(1000, 3000));
        // The kill lands while the plug has a message on the wire (and others claimed, not yet settled).
        if (await provider.awaitArrival(deployment.pid)) hitInFlight += 1;
        inFlightAtKill.push(provider.inFlight(deployment.pid));
        const killedAt = Date.now();
        provider.markKilled(deployment.pid);
        await deployment.kill();
        await load.stop();
        target = undefined;
        owedAtKill.push(owed(load.acknowledged.keys(), provider.deliveredPatients()));
        row.trials = trial;
        row.acknowledged = load.acknowledged.size;

        let restarted: { deployment: DeploymentProcess; api: Api };
        try {
          restarted = await serve(main, processEnv);
        } catch (error) {
          checks.check(false, `trial ${trial}: the deployment starts again after kill -9`, (error as Error).message.split("\n")[0]);
          break;
        }
        ({ deployment, api } = restarted);
        target = api;
        const { lost } = countLoss(load.acknowledged, await api.patients(facilityId));
        checks.check(lost.length === 0, `trial ${trial}: every acknowledged patient is stored`, `${lost.length} missing`);
        const { missing, unsettled } = await awaitDeliveries(provider, load.acknowledged.keys(), deliveryWindowMs);
        undelivered = new Set(missing);
        if (missing.length === 0 && unsettled.length === 0) catchUps.push(Date.now() - killedAt);
        checks.check(
          missing.length === 0,
          `trial ${trial}: every acknowledged patient delivered within ${deliveryWindowMs / 1000} s of the restart`,
          `${missing.length} of ${load.acknowledged.size} never delivered`,
        );
        checks.check(
          unsettled.length === 0,
          `trial ${trial}: every message cut off by the kill delivered again within ${deliveryWindowMs / 1000} s (its claimed row came ` +
            `back)`,
          `${unsettled.length} never redelivered`,
        );
      }

      // The last trial's window is the final one: whatever is still undelivered is lost.
      const { duplicated, absorbed, patientsWithSeveralKeys } = provider.duplicates();
      row.lost = undelivered.size;
      row.duplicated = duplicated;
      row.recovered = catchUps.length
        ? `${catchUps.length}/${row.trials} caught up, all delivered ${(Math.max(...catchUps) / 1000).toFixed(1)} s after the kill at ` +
          `most (restart included)`
        : `0/${row.trials} caught up`;
      checks.check(hitInFlight === row.trials, "every kill landed with a delivery in flight", `${hitInFlight}/${row.trials}`);
      checks.check(
        patientsWithSeveralKeys === 0,
        "no patient was sent two different messages (one event, one idempotency key)",
        patientsWithSeveralKeys,
      );
      checks.check(absorbed === duplicated, "every redelivery carried a key the provider had accepted (absorbed)", {
        duplicated,
        absorbed,
      });
      row.notes = [
        `4 writers for 1–3 s while a durable plug sends each new patient to a loopback provider (${providerDelayMs} ms a message), then ` +
          `kill -9 and restart`,
        `kills with a delivery on the wire: ${hitInFlight}/${row.trials} (in flight: ${inFlightAtKill.join(", ")}; acknowledged and not ` +
          `yet sent: ${owedAtKill.join(", ")})`,
        `${provider.cutOff()} messages cut off by the kills, all redelivered; ${duplicated} redeliveries in all, ${absorbed} absorbed by ` +
          `the idempotency key, ${patientsWithSeveralKeys} patients with two keys`,
        `writes: ${load.summary()}`,
      ];
      if (deployment.running) checks.check((await deployment.terminate()) === 0, "SIGTERM at the end exits 0", deployment.exitCode);
    });
  } finally {
    await provider.close();
  }
}

it("kill -9 during durable delivery on PGlite: nothing lost, redeliveries absorbed by the idempotency key", async () => {
  await durableKill("PGlite", { CARE_DATA_DIR: join(await scratchDir(), "courier-data") });
});

it("kill -9 during durable delivery on PostgreSQL: nothing lost, redeliveries absorbed by the idempotency key", async (context) => {
  const unavailable = await serverUnavailable();
  if (unavailable) {
    await skipped(fields("PostgreSQL"), unavailable);
    context.skip(unavailable);
  }
  const database = await scratchDatabase();
  try {
    await durableKill("PostgreSQL", { DATABASE_URL: database.url });
  } finally {
    await killAll();
    await database.drop();
  }
});

function owed(acknowledged: Iterable<string>, delivered: Set<string>): number {
  let count = 0;
  for (const id of acknowledged) if (!delivered.has(id)) count += 1;
  return count;
}
