import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "@care/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startDeployment } from "../src/tooling.js";
import { freshStorage, login, spawnDeployment, type DeploymentProcess } from "./deployment-process.js";

let storage: Awaited<ReturnType<typeof freshStorage>>;
const processes: DeploymentProcess[] = [];
let provider: Server | undefined;
beforeEach(async () => {
  storage = await freshStorage();
});
afterEach(async () => {
  for (const running of processes.splice(0)) if (running.child.exitCode === null) await running.stop("SIGKILL");
  provider?.close();
  provider?.closeAllConnections();
  await storage.cleanup();
});

/** A promise a test resolves when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** The outbox rows of `subscriber` by status, read after the deployment stopped. */
async function outboxStatuses(subscriber: string): Promise<Record<string, number>> {
  const database = await openDatabase({ url: storage.env.DATABASE_URL, dataDir: storage.env.CARE_DATA_DIR });
  try {
    const rows = await database.db
      .selectFrom("care_system.outbox")
      .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
      .where("subscriber", "=", subscriber)
      .groupBy("status")
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  } finally {
    await database.close();
  }
}

it("finishes the request in flight and the delivery in hand before closing, and accepts nothing new", async () => {
  const running = await startDeployment(
    { deployment: "shutdown", plugs: [] },
    { env: { ...storage.env, PORT: "0", LOG_LEVEL: "silent", CARE_ADMIN_PASSWORD: "shutdown-test-pw" }, print: () => {} },
  );
  const { token } = (await (await login(running.url, "admin", "shutdown-test-pw")).json()) as { token: string };
  const createFacility = (name: string) =>
    fetch(`${running.url}/api/v1/facilities`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name, kind: "hospital" }),
    });

  const delivering = gate();
  const releaseDelivery = gate();
  const delivered: string[] = [];
  running.core.signals.subscribe("facility.created", "slow-sync", "durable", async (payload) => {
    delivering.open();
    await releaseDelivery.opened;
    delivered.push(payload.facility.name);
  });
  expect((await createFacility("Night Ward")).status).toBe(201);
  await delivering.opened;

  const inWrite = gate();
  const releaseWrite = gate();
  running.core.signals.subscribe("facility.created", "slow-check", "inTransaction", async (payload) => {
    if (payload.facility.name !== "Day Ward") return;
    inWrite.open();
    await releaseWrite.opened;
  });
  const request = createFacility("Day Ward");
  await inWrite.opened;
  let closed = false;
  const closing = running.close().then(() => (closed = true));

  await expect(fetch(`${running.url}/health`)).rejects.toThrow();
  releaseWrite.open();
  expect((await request).status).toBe(201);

  expect(closed).toBe(false);
  releaseDelivery.open();
  await closing;
  expect(delivered).toEqual(["Night Ward"]);
  // Written while stopping: left for the next start, not delivered on the way out.
  expect(await outboxStatuses("slow-sync")).toEqual({ delivered: 1, pending: 1 });
});

/** An HTTP endpoint on 127.0.0.1 that answers after `latencyMs`, counting requests at once and keys seen. */
async function startProvider(latencyMs: number) {
  const seen = { keys: [] as string[], running: 0, most: 0 };
  provider = createServer((request, response) => {
    seen.running += 1;
    seen.most = Math.max(seen.most, seen.running);
    request.resume();
    setTimeout(() => {
      seen.keys.push(String(request.headers["idempotency-key"]));
      seen.running -= 1;
      response.end("ok");
    }, latencyMs);
  });
  await new Promise<void>((resolve) => provider!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/`, seen };
}

/** A plug that sends each new facility to the provider, durably; `concurrency` as its subscription gives it. */
const courierPlug = (concurrency?: number) => `[{ plug: definePlug({
  package: { name: "@fixtures/courier", version: "1.0.0", care: { plug: { id: "courier", core: "*", contract: "^1.0.0" } } },
  on: { "facility.created": { mode: "durable", ${concurrency ? `concurrency: ${concurrency},` : ""}
    handle: async (payload, context) => {
      const response = await fetch(process.env.PROVIDER_URL, {
        method: "POST",
        headers: { "idempotency-key": context.eventId },
        body: payload.facility.name,
      });
      await response.text();
    } } },
}) }]`;

it("on SIGTERM with a backlog, finishes the deliveries in hand, exits 0 at once, and the next start delivers the rest", async () => {
  const { url: providerUrl, seen } = await startProvider(300);
  const env = { ...storage.env, CARE_ADMIN_PASSWORD: "shutdown-test-pw", PROVIDER_URL: providerUrl };
  const first = spawnDeployment({ ...env, CARE_DELIVERY_CONCURRENCY: "3" }, "shutdown", courierPlug());
  processes.push(first);
  const url = await first.url();
  const { token } = (await (await login(url, "admin", "shutdown-test-pw")).json()) as { token: string };
  const total = 30;
  for (let i = 0; i < total; i += 1) {
    const response = await fetch(`${url}/api/v1/facilities`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: `Ward ${i}`, kind: "clinic" }),
    });
    expect(response.status).toBe(201);
  }
  while (seen.running < 3) await new Promise((resolve) => setTimeout(resolve, 10));

  const began = Date.now();
  expect(await first.stop("SIGTERM")).toBe(0);
  // The deliveries in hand take 300 ms; nothing waits for the backlog.
  expect(Date.now() - began).toBeLessThan(8_000);
  expect(first.stderr).not.toContain("shutdown took longer");
  expect(seen.most).toBe(3);
  const afterStop = await outboxStatuses("courier");
  expect(afterStop.processing).toBeUndefined();
  expect(afterStop.pending).toBeGreaterThan(0);
  expect((afterStop.delivered ?? 0) + afterStop.pending!).toBe(total);

  seen.most = 0;
  const second = spawnDeployment(env, "shutdown", courierPlug(2));
  processes.push(second);
  await second.url();
  const deadline = Date.now() + 60_000;
  while (new Set(seen.keys).size < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await second.stop("SIGTERM")).toBe(0);
  expect(new Set(seen.keys).size).toBe(total);
  expect(seen.most).toBe(2);
  expect(await outboxStatuses("courier")).toEqual({ delivered: total });
});
