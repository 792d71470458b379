import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { login, type DeploymentProcess } from "./deployment-process.js";
import { spawnOnFolder } from "./data-folder-process.js";

const password = "owner-test-password-1";

async function adminToken(url: string): Promise<string> {
  return ((await (await login(url, "admin", password)).json()) as { token: string }).token;
}

async function createFacility(url: string, token: string, name: string): Promise<Response> {
  return fetch(`${url}/api/v1/facilities`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ name, kind: "clinic" }),
  });
}

const facilityNames = async (url: string, token: string) =>
  (
    (await (await fetch(`${url}/api/v1/facilities?limit=100`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: { name: string }[];
    }
  ).items
    .map((facility) => facility.name)
    .sort();

// PGlite only (the children never see DATABASE_URL), so it means the same on the PostgreSQL pass.
describe("one process at a time on a PGlite data folder", () => {
  const processes: DeploymentProcess[] = [];
  const folders: string[] = [];
  afterEach(async () => {
    for (const running of processes.splice(0))
      if (running.child.exitCode === null && running.child.signalCode === null) await running.stop("SIGKILL");
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });
  const start = (dataDir: string) => {
    const started = spawnOnFolder(dataDir, { env: { CARE_ADMIN_PASSWORD: password } });
    processes.push(started);
    return started;
  };

  it("refuses a second start naming the folder and the first process, which serves on; after kill -9 no acked write is lost", async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), "care-owner-")), "data");
    folders.push(join(dataDir, ".."));
    const first = start(dataDir);
    const url = await first.url();
    const token = await adminToken(url);
    expect((await createFacility(url, token, "Before the second start")).status).toBe(201);

    const refusedAt = Date.now();
    const second = start(dataDir);
    expect(await second.exited).toBe(1);
    const refusalMs = Date.now() - refusedAt;
    expect(second.stderr).toContain(
      `Care could not start: data_folder_in_use: the data folder ${dataDir} is in use by process ${first.child.pid} (`,
    );
    expect(second.stderr).toContain("stop that process first");
    expect(second.stderr).not.toMatch(/\n\s+at /);
    expect(second.stdout).not.toContain("is running at");
    // "At once": a refused start does not wait for the folder; PGlite alone takes seconds to start.
    expect(refusalMs).toBeLessThan(10_000);

    expect((await createFacility(url, token, "After the refused start")).status).toBe(201);
    expect(await first.stop("SIGKILL")).toBe(null);

    const third = start(dataDir);
    const restarted = await third.url();
    expect(await facilityNames(restarted, await adminToken(restarted))).toEqual(["After the refused start", "Before the second start"]);
    expect(await third.stop("SIGTERM")).toBe(0);
  });
});
