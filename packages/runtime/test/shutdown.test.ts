import { afterEach, beforeEach, expect, it } from "vitest";
import { startDeployment } from "../src/index.js";
import { freshStorage, login } from "./deployment-process.js";

let storage: Awaited<ReturnType<typeof freshStorage>>;
beforeEach(async () => {
  storage = await freshStorage();
});
afterEach(() => storage.cleanup());

/** A promise a test resolves when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

it("finishes the request in flight and the delivery in hand before closing, and accepts nothing new", async () => {
  const running = await startDeployment(
    { deployment: "shutdown", plugs: [] },
    { env: { ...storage.env, PORT: "0", LOG_LEVEL: "silent", CARE_ADMIN_PASSWORD: "shutdown-test-pw" }, print: () => {} },
  );
  const { token } = (await (await login(running.url, "admin", "shutdown-test-pw")).json()) as { token: string };

  const inWrite = gate();
  const releaseWrite = gate();
  running.core.signals.subscribe("facility.created", "slow-check", "inTransaction", async () => {
    inWrite.open();
    await releaseWrite.opened;
  });
  const delivering = gate();
  const releaseDelivery = gate();
  const delivered: string[] = [];
  running.core.signals.subscribe("facility.created", "slow-sync", "durable", async (payload) => {
    delivering.open();
    await releaseDelivery.opened;
    delivered.push(payload.facility.name);
  });

  const request = fetch(`${running.url}/api/v1/facilities`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Night Ward", kind: "hospital" }),
  });
  await inWrite.opened;
  let closed = false;
  const closing = running.close().then(() => (closed = true));

  await expect(fetch(`${running.url}/health`)).rejects.toThrow();
  releaseWrite.open();
  const response = await request;
  expect(response.status).toBe(201);

  await delivering.opened;
  expect(closed).toBe(false);
  releaseDelivery.open();
  await closing;
  expect(delivered).toEqual(["Night Ward"]);
});
