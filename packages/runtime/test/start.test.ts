import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshStorage, login, spawnDeployment, type DeploymentProcess } from "./deployment-process.js";

describe("a deployment started by an operator", () => {
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  const processes: DeploymentProcess[] = [];
  const start = (env: NodeJS.ProcessEnv = {}) => {
    const started = spawnDeployment({ ...storage.env, ...env });
    processes.push(started);
    return started;
  };
  beforeEach(async () => {
    storage = await freshStorage();
  });
  afterEach(async () => {
    for (const running of processes.splice(0)) if (running.child.exitCode === null) await running.stop("SIGKILL");
    await storage.cleanup();
  });

  it("prints its URL and a one-time admin password, serves, and stops cleanly on SIGTERM", async () => {
    const deployment = start();
    const url = await deployment.url();
    const password = /with password: (\S+)/.exec(deployment.stdout)?.[1];
    expect(password).toBeTruthy();

    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ status: "ok", version: expect.any(String), plugs: [] });
    const loggedIn = await login(url, "admin", password!);
    expect(loggedIn.status).toBe(200);
    const { token } = (await loggedIn.json()) as { token: string };
    const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ username: "admin", roles: ["admin"] });

    expect(await deployment.stop("SIGTERM")).toBe(0);
    expect(deployment.stdout).toContain("SIGTERM: finishing requests in flight");
    expect(deployment.stdout).toContain("stopped");
  });

  it("keeps its data across restarts and shows the password only at the first start", async () => {
    const first = start();
    await first.url();
    const password = /with password: (\S+)/.exec(first.stdout)![1]!;
    expect(await first.stop("SIGINT")).toBe(0);

    const second = start();
    const url = await second.url();
    expect(second.stdout).not.toContain(password);
    expect((await login(url, "admin", password)).status).toBe(200);
  });

  it("uses CARE_ADMIN_PASSWORD for the first admin and never prints it", async () => {
    const deployment = start({ CARE_ADMIN_PASSWORD: "a-chosen-password-42" });
    const url = await deployment.url();
    expect(deployment.stdout + deployment.stderr).not.toContain("a-chosen-password-42");
    expect((await login(url, "admin", "a-chosen-password-42")).status).toBe(200);
  });

  it("takes its login limits from the environment: CARE_LOGIN_FAILURES_PER_USERNAME=2 refuses the third try", async () => {
    const deployment = start({ CARE_ADMIN_PASSWORD: "a-chosen-password-42", CARE_LOGIN_FAILURES_PER_USERNAME: "2" });
    const url = await deployment.url();
    expect((await login(url, "admin", "wrong-password-one")).status).toBe(401);
    expect((await login(url, "admin", "wrong-password-two")).status).toBe(401);
    const refused = await login(url, "admin", "a-chosen-password-42");
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("refuses a common CARE_ADMIN_PASSWORD before anything starts", async () => {
    const deployment = start({ CARE_ADMIN_PASSWORD: "password1234" });
    expect(await deployment.exited).toBe(1);
    expect(deployment.stderr).toContain("CARE_ADMIN_PASSWORD: is a commonly used password");
    expect(deployment.stderr).not.toContain("password1234");
  });

  it("refuses a bad environment with every problem named and no stack trace", async () => {
    const deployment = start({ PORT: "eighty", CARE_ADMIN_PASSWORD: "short", LOG_LEVEL: "loud" });
    expect(await deployment.exited).toBe(1);
    expect(deployment.stderr).toContain("Care could not start: settings_invalid: the environment has 3 problem(s)");
    expect(deployment.stderr).toMatch(/PORT: .*number/);
    expect(deployment.stderr).toContain("CARE_ADMIN_PASSWORD: is too short: use at least 12 characters");
    expect(deployment.stderr).toMatch(/LOG_LEVEL: /);
    expect(deployment.stderr).not.toMatch(/\n\s+at /);
  });

  it("explains an unreachable database without showing its password", async () => {
    const deployment = start({ DATABASE_URL: "postgres://care:s3cret-pw@127.0.0.1:1/care", CARE_DATA_DIR: "" });
    expect(await deployment.exited).toBe(1);
    expect(deployment.stderr).toContain("cannot connect to PostgreSQL at postgres://care:***@127.0.0.1:1/care");
    expect(deployment.stderr).toContain("(ECONNREFUSED)");
    expect(deployment.stderr).not.toContain("s3cret-pw");
  });

  it.skipIf(!process.env.DATABASE_URL)(
    "names the PostgreSQL error code when the server refuses, e.g. a database that does not exist",
    async () => {
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = "/care_no_such_database";
      const deployment = start({ DATABASE_URL: url.toString(), CARE_DATA_DIR: "" });
      expect(await deployment.exited).toBe(1);
      expect(deployment.stderr).toMatch(
        /cannot connect to PostgreSQL at .*care_no_such_database: database "care_no_such_database" does not exist \(3D000\)/,
      );
      expect(deployment.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it("says which port is taken", async () => {
    const first = start();
    const port = new URL(await first.url()).port;
    const other = await freshStorage();
    const second = spawnDeployment({ ...other.env, PORT: port });
    processes.push(second);
    expect(await second.exited).toBe(1);
    expect(second.stderr).toContain(
      `Care could not start: port_in_use: port ${port} is already in use\n  stop what uses it, or set PORT to another port`,
    );
    await other.cleanup();
  });

  it("exits non-zero naming the plug, the step and the SQL error when a plug's install fails, and changes nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "care-bad-plug-"));
    await writeFile(join(dir, "install.sql"), "create table ok (id int);\ninsert into core.users (id) values (gen_random_uuid());");
    const plugs =
      `[{ plug: definePlug({ package: { name: "@x/intruder", version: "1.0.0", care: { plug: { id: "intruder", core: "*", ` +
      `contract: "^1.0.0" } } }, migrations: ${JSON.stringify(dir)} }) }]`;
    const failed = spawnDeployment({ ...storage.env }, "test", plugs);
    processes.push(failed);
    expect(await failed.exited).toBe(1);
    expect(failed.stderr).toContain(
      "Care could not start: plug_step_refused: plug intruder: install.sql line 2: INSERT into core.users is not allowed in a plug " +
        "migration",
    );
    expect(failed.stderr).toContain("Nothing was changed");
    expect(failed.stderr).not.toMatch(/\n\s+at /);

    // The whole start was one transaction: neither the core nor the plug left a trace.
    const healthy = start();
    const url = await healthy.url();
    expect(((await (await fetch(`${url}/health`)).json()) as { plugs: unknown[] }).plugs).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });
});
