import { afterAll, it } from "vitest";
import { type Api, countLoss, serve, WriteLoad } from "../src/api.js";
import { cleanUp, killAll, randomBetween, sleep, writeDeployment, type DeploymentProcess } from "../src/deployment.js";
import { scenario, skipped } from "../src/figures.js";
import { deliveryWindowMs } from "../src/limits.js";
import { scratchDatabase, serverUnavailable } from "../src/postgres.js";
import { awaitDeliveries, courierPlugSource, startProvider } from "../src/provider.js";

/** Each trial: both instances serve, 1–3 s of writes on both, one killed at random, 2 s more on the survivor. */
const trials = 3;

afterAll(cleanUp);

const fields = { order: 2, scenario: "two instances, one killed at random", database: "PostgreSQL" };

it("two instances on one PostgreSQL database, one killed at random: no acknowledged write or delivery lost", async (context) => {
  const unavailable = await serverUnavailable();
  if (unavailable) {
    await skipped(fields, unavailable);
    context.skip(unavailable);
  }
  const database = await scratchDatabase();
  const provider = await startProvider(20);
  try {
    await scenario(fields, async (row, checks) => {
      const main = await writeDeployment("pair", courierPlugSource);
      const env = { DATABASE_URL: database.url, RELIABILITY_PROVIDER_URL: provider.url };
      const instances: Array<{ deployment: DeploymentProcess; api: Api } | undefined> = [await serve(main, env), undefined];
      instances[1] = await serve(main, env);
      const facilityId = await instances[0]!.api.createFacility("Pair Ward");
      // A load balancer's view: both addresses, whether or not the process behind one still runs.
      const load = new WriteLoad(() => instances.map((instance) => instance?.api), facilityId, "pair");
      const catchUps: number[] = [];
      const killed: number[] = [];
      let hitInFlight = 0;
      let storedTwice = 0;
      let undelivered: string[] = [];

      for (let trial = 1; trial <= trials; trial += 1) {
        load.start(4);
        await sleep(randomBetween(1000, 3000));
        const victim = Math.random() < 0.5 ? 0 : 1;
        killed.push(victim);
        if (await provider.awaitArrival(instances[victim]!.deployment.pid)) hitInFlight += 1;
        const killedAt = Date.now();
        provider.markKilled(instances[victim]!.deployment.pid);
        await instances[victim]!.deployment.kill();
        await sleep(2000);
        await load.stop();
        row.trials = trial;
        row.acknowledged = load.acknowledged.size;

        const survivor = instances[1 - victim]!;
        checks.check(survivor.deployment.running, `trial ${trial}: the other instance keeps running`, survivor.deployment.exitCode);
        const { lost, duplicated } = countLoss(load.acknowledged, await survivor.api.patients(facilityId));
        checks.check(lost.length === 0, `trial ${trial}: every acknowledged write is stored`, `${lost.length} missing`);
        checks.check(duplicated === 0, `trial ${trial}: no write stored twice`, duplicated);
        // The survivor alone delivers what the dead instance had claimed: nobody restarts anything.
        const { missing, unsettled } = await awaitDeliveries(provider, load.acknowledged.keys(), deliveryWindowMs);
        undelivered = missing;
        if (missing.length === 0 && unsettled.length === 0) catchUps.push(Date.now() - killedAt);
        checks.check(
          missing.length === 0,
          `trial ${trial}: the surviving instance delivers every acknowledged patient within ${deliveryWindowMs / 1000} s`,
          `${missing.length} of ${load.acknowledged.size} never delivered`,
        );
        checks.check(
          unsettled.length === 0,
          `trial ${trial}: the survivor delivers again, within ${deliveryWindowMs / 1000} s, every message the kill cut off (the dead ` +
            `instance's claimed rows come back)`,
          `${unsettled.length} never redelivered`,
        );
        row.lost = lost.length + undelivered.length;
        storedTwice = duplicated; // over the whole facility, so far

        // The next trial starts with both instances serving again.
        instances[victim] = await serve(main, env);
      }

      const { duplicated, absorbed, patientsWithSeveralKeys } = provider.duplicates();
      row.duplicated = storedTwice + duplicated;
      checks.check(
        provider.cutOff() > 0,
        "the kills cut off messages on the wire (so the survivor had claimed rows to take over)",
        provider.cutOff(),
      );
      checks.check(patientsWithSeveralKeys === 0, "no patient was sent two different messages", patientsWithSeveralKeys);
      checks.check(absorbed === duplicated, "every redelivery carried a key the provider had accepted (absorbed)", {
        duplicated,
        absorbed,
      });
      row.recovered = catchUps.length
        ? `${catchUps.length}/${row.trials} caught up by the survivor, all delivered ${(Math.max(...catchUps) / 1000).toFixed(1)} s ` +
          `after the kill at most`
        : `0/${row.trials}`;
      const senders = new Set(provider.receipts.map((receipt) => receipt.pid));
      row.notes = [
        `4 writers round robin over both instances, a durable plug sending each patient to a loopback provider; killed instance per ` +
          `trial: ${killed.map((index) => "AB"[index]).join(", ")}, ${hitInFlight}/${row.trials} with a delivery on the wire`,
        `lost = writes missing + deliveries missing: ${undelivered.length} deliveries missing at the end`,
        `duplicated = writes stored twice (${storedTwice}) + redeliveries (${duplicated}, ${absorbed} absorbed by the key); ` +
          `${provider.cutOff()} messages cut off by the kills; messages sent by ${senders.size} processes`,
        `writes: ${load.summary()}`,
      ];
      for (const instance of instances) {
        if (instance?.deployment.running)
          checks.check((await instance.deployment.terminate()) === 0, "SIGTERM at the end exits 0", instance.deployment.exitCode);
      }
    });
  } finally {
    await killAll();
    await provider.close();
    await database.drop();
  }
});
