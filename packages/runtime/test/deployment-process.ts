import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const runtimeEntry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const contractEntry = fileURLToPath(new URL("../node_modules/@care/plug-api/dist/index.js", import.meta.url));

/** A deployment's main.ts, as a process of its own, the way an operator runs it. */
export function spawnDeployment(env: NodeJS.ProcessEnv, deployment = "test", plugsSource = "[]"): DeploymentProcess {
  const script = `import { runDeployment } from ${JSON.stringify(runtimeEntry)};
import { definePlug } from ${JSON.stringify(contractEntry)};
await runDeployment({ deployment: ${JSON.stringify(deployment)}, plugs: ${plugsSource} });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    env: { PATH: process.env.PATH, PORT: "0", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new DeploymentProcess(child);
}

export class DeploymentProcess {
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on("data", (chunk) => (this.stdout += chunk));
    child.stderr!.on("data", (chunk) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  }

  /** The URL from the banner, once the deployment serves. */
  async url(): Promise<string> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const match = /is running at (http:\/\/\S+)/.exec(this.stdout);
      if (match) return match[1]!;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`deployment did not start:\n${this.stdout}\n${this.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }
}

/**
 * Where a spawned deployment keeps its data: a PGlite folder of its own, or, when the suite runs
 * against PostgreSQL (DATABASE_URL), a database of its own on that server.
 */
export async function freshStorage(): Promise<{ env: NodeJS.ProcessEnv; cleanup(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const dir = await mkdtemp(join(tmpdir(), "care-runtime-"));
    return { env: { CARE_DATA_DIR: dir }, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `care_runtime_${randomBytes(5).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, cleanup: () => admin(`drop database if exists ${name} with (force)`) };
}

export async function login(url: string, username: string, password: string): Promise<Response> {
  return fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
}
