import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import config from "../plug.config.js";
import manifest from "../src/plugs.generated.js";

const appDir = fileURLToPath(new URL("..", import.meta.url));
let dataDir: string | undefined;
afterEach(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it("lists the same plugs in its generated manifest as in plug.config.ts", () => {
  expect(manifest.deployment).toBe(config.name);
  expect(manifest.plugs.map((entry) => entry.id)).toEqual(config.plugs.map((entry) => entry.name));
});

it("starts with `pnpm start` on the embedded database, prints where and how to log in, and stops on SIGINT", async () => {
  dataDir = await mkdtemp(join(tmpdir(), "care-demo-"));
  // What the root `pnpm start` runs once the build is done.
  const child = spawn("pnpm", ["start"], {
    cwd: appDir,
    env: { ...process.env, PORT: "0", CARE_DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));

  const deadline = Date.now() + 60_000;
  while (!/is running at http/.test(output) && Date.now() < deadline && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = /is running at (http:\/\/\S+)/.exec(output)?.[1];
  const password = /with password: (\S+)/.exec(output)?.[1];
  expect(url, output).toBeTruthy();
  expect(output).toContain('Care deployment "demo"');

  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  expect(login.status).toBe(200);
  const health = (await (await fetch(`${url}/health`)).json()) as { plugs: Array<{ id: string; state: string }> };
  expect(health.plugs.map((entry) => `${entry.id}:${entry.state}`)).toEqual(["hello:started", "lab:started", "notify:started"]);
  const { token } = (await login.json()) as { token: string };
  const orders = await fetch(`${url}/api/plugs/lab/patients/00000000-0000-7000-8000-000000000000/orders`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(orders.status).toBe(404);

  child.kill("SIGINT");
  expect(await exited).toBe(0);
});
