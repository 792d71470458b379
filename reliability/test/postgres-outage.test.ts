import { afterAll, beforeAll, describe, it } from "vitest";
import { type Api, countLoss, serve, WriteLoad, type Outcome } from "../src/api.js";
import { cleanUp, sleep, writeDeployment, type DeploymentProcess } from "../src/deployment.js";
import { scenario, skipped, type Checks, type ScenarioRow } from "../src/figures.js";
import { deliveryWindowMs, writeRecoveryWindowMs } from "../src/limits.js";
import { clusterUnavailable, createPrivateCluster, databaseUrl, query, type PrivateCluster } from "../src/postgres.js";
import { awaitDeliveries, courierPlugSource, startProvider, type Provider } from "../src/provider.js";

/** How long the server stays down in the outage scenario (the 20 s). */
const outageMs = 20_000;

const restartFields = { order: 6, scenario: "PostgreSQL server restart under write load", database: "PostgreSQL (own cluster)" };
const outageFields = { order: 7, scenario: `PostgreSQL down ${outageMs / 1000} s under write load`, database: "PostgreSQL (own cluster)" };

let cluster: PrivateCluster | undefined;
let unavailable: string | undefined;
let provider: Provider;
let deployment: DeploymentProcess;
let api: Api;
let facilityId: string;

beforeAll(async () => {
  unavailable = await clusterUnavailable();
  if (unavailable) return;
  cluster = await createPrivateCluster();
  await query(cluster.url, "create database care");
  provider = await startProvider(5);
  const main = await writeDeployment("outage", courierPlugSource);
  ({ deployment, api } = await serve(main, { DATABASE_URL: databaseUrl(cluster.url, "care"), RELIABILITY_PROVIDER_URL: provider.url }));
  facilityId = await api.createFacility("Outage Ward");
}, 180_000);

afterAll(async () => {
  await cleanUp();
  await provider?.close();
  // Even when a scenario failed: the cluster is the suite's own, and must not outlive it.
  await cluster?.drop();
}, 120_000);

const isOk = (outcome: Outcome) => outcome === "201";
const isTold503 = (outcome: Outcome) => outcome === "503 database_unavailable";

/**
 * Writes under load while `fault` runs, then checks: the process never exited, every failed write
 * was a 503 `database_unavailable` (no 500, no dropped connection), writes came back by themselves
 * within `writeRecoveryWindowMs` of `fault` resolving, no acknowledged write is missing, and every
 * acknowledged patient was delivered.
 */
async function underLoad(
  row: Omit<ScenarioRow, "result" | "failures" | "seconds" | "notes"> & { notes?: string[] },
  checks: Checks,
  label: string,
  fault: (load: WriteLoad) => Promise<void>,
): Promise<void> {
  const load = new WriteLoad(() => [api], facilityId, label);
  load.start(4);
  await sleep(2000);
  const faultBegan = Date.now();
  await fault(load);
  const serverBack = Date.now();
  // Keep writing until writes succeed again (or the window closes), then a little longer.
  while (Date.now() - serverBack < writeRecoveryWindowMs && load.firstAcknowledgedAfter(serverBack) === undefined) await sleep(200);
  await sleep(2000);
  await load.stop();

  row.trials = 1;
  row.acknowledged = load.acknowledged.size;
  checks.check(deployment.running, "the deployment process never exited", {
    code: deployment.exitCode,
    signal: deployment.exitSignal,
    stderr: deployment.stderr.slice(-300),
  });
  const during = load.outcomesBetween(faultBegan, Date.now());
  const unexpected = [...during].filter(([outcome]) => !isOk(outcome) && !isTold503(outcome));
  checks.check(
    unexpected.length === 0,
    "every write that failed meanwhile answered 503 database_unavailable",
    Object.fromEntries(unexpected),
  );
  const recoveredIn = load.firstAcknowledgedAfter(serverBack);
  checks.check(
    recoveredIn !== undefined,
    `writes succeed again within ${writeRecoveryWindowMs / 1000} s of the server answering, with no restart`,
    "no acknowledged write after the server came back",
  );

  const { lost, duplicated } = countLoss(load.acknowledged, await api.patients(facilityId));
  row.lost = lost.length;
  row.duplicated = duplicated;
  checks.check(lost.length === 0, "every acknowledged write is stored", `${lost.length} missing`);
  const { missing } = await awaitDeliveries(provider, load.acknowledged.keys(), deliveryWindowMs);
  checks.check(
    missing.length === 0,
    `every acknowledged patient delivered within ${deliveryWindowMs / 1000} s`,
    `${missing.length} undelivered`,
  );
  row.lost += missing.length;
  row.recovered = recoveredIn === undefined ? "no" : `yes, first write ${(recoveredIn / 1000).toFixed(1)} s after the server answered`;
  const refusedAt = load.events.filter((event) => event.at >= faultBegan && !isOk(event.outcome)).map((event) => event.at);
  const refusedFor = refusedAt.length
    ? `writes refused for ${((refusedAt[refusedAt.length - 1]! - refusedAt[0]!) / 1000).toFixed(1)} s`
    : "no write refused";
  row.notes = [
    ...(row.notes ?? []),
    refusedFor,
    `writes: ${load.summary()}`,
    `lost counts missing writes (${lost.length}) and undelivered messages (${missing.length})`,
  ];
}

describe("PostgreSQL faults on a cluster of the suite's own", () => {
  it("a server restart under write load: no crash, 503 meanwhile, recovered by itself, nothing lost", async (context) => {
    if (!cluster) {
      await skipped(restartFields, unavailable ?? "the private cluster could not be created");
      return context.skip(unavailable);
    }
    await scenario(restartFields, async (row, checks) => {
      let restartMs = 0;
      await underLoad(row, checks, "restart", async () => {
        const began = Date.now();
        await cluster!.restart();
        restartMs = Date.now() - began;
      });
      row.notes = [
        `4 writers; pg_ctlcluster restart -m fast (took ${(restartMs / 1000).toFixed(1)} s) in the middle`,
        ...(row.notes ?? []),
      ];
    });
  });

  it(`a ${outageMs / 1000} s outage under write load: no crash, 503 and not ready meanwhile, recovers, nothing lost`, async (context) => {
    if (!cluster) {
      await skipped(outageFields, unavailable ?? "the private cluster could not be created");
      return context.skip(unavailable);
    }
    await scenario(outageFields, async (row, checks) => {
      const readiness = new Map<string, number>();
      const liveness = new Map<string, number>();
      await underLoad(row, checks, "outage", async () => {
        await cluster!.stop();
        const until = Date.now() + outageMs;
        while (Date.now() < until) {
          const [ready, live] = await Promise.all([api.health("/health/ready"), api.health("/health/live")]);
          readiness.set(String(ready), (readiness.get(String(ready)) ?? 0) + 1);
          liveness.set(String(live), (liveness.get(String(live)) ?? 0) + 1);
          await sleep(1000);
        }
        await cluster!.start();
      });
      const readyProbes = [...readiness.values()].reduce((sum, count) => sum + count, 0);
      checks.check(readiness.get("503") === readyProbes, "/health/ready answered 503 throughout the outage", Object.fromEntries(readiness));
      checks.check(liveness.get("200") === readyProbes, "/health/live answered 200 throughout the outage", Object.fromEntries(liveness));
      let readyAgain: number | "no answer" = "no answer";
      for (let tries = 0; tries < 20 && readyAgain !== 200; tries += 1) {
        readyAgain = await api.health("/health/ready");
        if (readyAgain !== 200) await sleep(500);
      }
      checks.check(readyAgain === 200, "/health/ready answers 200 again once the server is back", readyAgain);
      const probes = (counts: Map<string, number>) => [...counts].map(([status, count]) => `${status}×${count}`).join(", ");
      row.notes = [
        `4 writers; pg_ctlcluster stop -m fast, ${outageMs / 1000} s down, start`,
        `probes during the outage: ready ${probes(readiness)}; live ${probes(liveness)}`,
        ...(row.notes ?? []),
      ];
      if (deployment.running) checks.check((await deployment.terminate()) === 0, "SIGTERM at the end exits 0", deployment.exitCode);
    });
  });
});
