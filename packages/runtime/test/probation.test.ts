import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DeploymentProcess, freshStorage, login } from "./deployment-process.js";

const runtimeEntry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const script = `import { runDeployment } from ${JSON.stringify(runtimeEntry)};
await runDeployment({ deployment: "test", plugs: [] });`;
const password = "a-chosen-password-42";

// As care serve starts a release an apply just migrated to: with an IPC channel, on probation.
function startOnProbation(env: NodeJS.ProcessEnv): DeploymentProcess {
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    env: { PATH: process.env.PATH, PORT: "0", LOG_LEVEL: "warn", CARE_ADMIN_PASSWORD: password, CARE_START_ON_PROBATION: "1", ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  return new DeploymentProcess(child);
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("a release started on probation (care serve's health gate)", () => {
  it("refuses changes but serves reads and sign-in, then accepts changes once care serve ends the probation", async () => {
    const storage = await freshStorage();
    cleanups.push(storage.cleanup);
    const deployment = startOnProbation(storage.env);
    cleanups.push(() => deployment.stop());
    const url = await deployment.url();

    const signedIn = await login(url, "admin", password);
    expect(signedIn.status).toBe(200);
    const { token } = (await signedIn.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const addFacility = (name: string) =>
      fetch(`${url}/api/v1/facilities`, { method: "POST", headers, body: JSON.stringify({ name, kind: "clinic" }) });
    const facilityNames = async () =>
      ((await (await fetch(`${url}/api/v1/facilities?limit=100`, { headers })).json()) as { items: { name: string }[] }).items.map(
        (facility) => facility.name,
      );

    const refused = await addFacility("Refused Ward");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("deployment_on_probation");
    expect(await facilityNames()).not.toContain("Refused Ward");

    const ended = new Promise((resolve) => deployment.child.on("message", resolve));
    deployment.child.send("care:probation-over");
    expect(await ended).toBe("care:probation-ended");

    expect((await addFacility("North Ward")).status).toBe(201);
    expect(await facilityNames()).toContain("North Ward");
    expect(await deployment.stop()).toBe(0);
  });
});
