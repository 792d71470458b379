import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { freshStorage, login, spawnDeployment, type DeploymentProcess } from "./deployment-process.js";

const password = "loss-test-admin-password";
let running: DeploymentProcess | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  if (running?.child.exitCode === null) await running.stop("SIGKILL");
  await cleanup?.();
});

/** Ends every session the deployment holds, as a DBA or a failover would. */
async function terminateSessions(url: string): Promise<number> {
  const database = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
      [database],
    );
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe.skipIf(!process.env.DATABASE_URL)("a deployment whose PostgreSQL connections are cut under write load", () => {
  it("never crashes: requests in flight answer 503 database_unavailable, and everything acknowledged is kept", async () => {
    const storage = await freshStorage();
    cleanup = storage.cleanup;
    running = spawnDeployment({ ...storage.env, CARE_ADMIN_PASSWORD: password, LOG_LEVEL: "error" });
    const url = await running.url();
    const { token } = (await (await login(url, "admin", password)).json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const facility = (await (
      await fetch(`${url}/api/v1/facilities`, { method: "POST", headers, body: JSON.stringify({ name: "Ward", kind: "clinic" }) })
    ).json()) as { id: string };

    const acknowledged: string[] = [];
    const refusals: Array<{ status: number; code: string }> = [];
    let writing = true;
    const writer = async (lane: number) => {
      for (let index = 0; writing; index += 1) {
        const body = JSON.stringify({
          facilityId: facility.id,
          name: `Lane${lane} Patient${index}`,
          birthDate: "1990-01-01",
          sex: "female",
        });
        const response = await fetch(`${url}/api/v1/patients`, { method: "POST", headers, body });
        const answer = (await response.json()) as { id?: string; error?: { code: string } };
        if (response.status === 201) acknowledged.push(answer.id!);
        else refusals.push({ status: response.status, code: answer.error?.code ?? "?" });
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    let terminated = 0;
    for (let round = 0; round < 10; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      terminated += await terminateSessions(storage.env.DATABASE_URL!);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    writing = false;
    await Promise.all(writers);

    expect(terminated).toBeGreaterThan(0);
    expect(running.child.exitCode).toBeNull();
    expect(running.stderr).not.toMatch(/Unhandled|uncaught/i);
    // Every answer was either an acknowledgement or a clear "try again": never a 500, never a hang.
    expect(refusals.every((refusal) => refusal.status === 503 && refusal.code === "database_unavailable")).toBe(true);
    expect(refusals.length).toBeGreaterThan(0);

    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    const after = await fetch(`${url}/api/v1/patients?limit=1`, { headers });
    expect(after.status).toBe(200);

    const check = new pg.Client({ connectionString: storage.env.DATABASE_URL });
    await check.connect();
    const { rows } = await check.query<{ id: string }>("select id from core.patients where id = any($1::uuid[])", [acknowledged]);
    await check.end();
    expect(rows.length).toBe(acknowledged.length);
    expect(await running.stop()).toBe(0);
  }, 60_000);
});
