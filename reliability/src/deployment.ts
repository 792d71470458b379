import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { removeScratchDir, scratchDir } from "./scratch.js";

/** The built runtime (turbo builds it before the suite: `pnpm test:reliability`). */
export const runtimeEntry = fileURLToPath(new URL("../../packages/runtime/dist/index.js", import.meta.url));
/** The plug contract (definePlug, plugTypes), built with the runtime, and the zod it and the runtime share. */
const contractEntry = fileURLToPath(new URL("../../packages/plug-api/dist/index.js", import.meta.url));
const zodEntry = fileURLToPath(new URL("../../packages/plug-api/node_modules/zod/index.js", import.meta.url));

export const adminPassword = "reliability-admin-pw";

/**
 * A deployment's `main.mjs`, written to disk the way a bundle has one: it imports the runtime, declares
 * its plugs (JavaScript source of the `plugs` array, with `definePlug`, `plugTypes` and zod's `z` in scope) and runs.
 */
export async function writeDeployment(name: string, plugsSource = "[]", prelude = ""): Promise<string> {
  const dir = await mkdtemp(join(await scratchDir(), `app-${name}-`));
  const main = join(dir, "main.mjs");
  await writeFile(
    main,
    `import { runDeployment } from ${JSON.stringify(runtimeEntry)};
import { definePlug, plugTypes } from ${JSON.stringify(contractEntry)};
import { z } from ${JSON.stringify(zodEntry)};
${prelude}
await runDeployment({ deployment: ${JSON.stringify(name)}, plugs: ${plugsSource} });
`,
  );
  return main;
}

const live = new Set<DeploymentProcess>();

/** Starts `main` as a process of its own, as an operator (or a supervisor) does. */
export function startProcess(main: string, env: Record<string, string | undefined>): DeploymentProcess {
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      PORT: "0",
      LOG_LEVEL: "warn",
      CARE_ADMIN_PASSWORD: adminPassword,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const deployment = new DeploymentProcess(child);
  live.add(deployment);
  void deployment.exited.then(() => live.delete(deployment));
  return deployment;
}

/** Kills every process the suite started that is still running (after a failed scenario). */
export async function killAll(): Promise<void> {
  await Promise.all([...live].map((deployment) => deployment.kill()));
}

/** A test file's afterAll: no process of it outlives it, nor its temporary folder. */
export async function cleanUp(): Promise<void> {
  await killAll();
  await removeScratchDir();
}
process.once("exit", () => {
  for (const deployment of live) deployment.child.kill("SIGKILL");
});

const outputLimit = 200_000;

export class DeploymentProcess {
  stdout = "";
  stderr = "";
  exitCode: number | null | undefined = undefined;
  exitSignal: NodeJS.Signals | null = null;
  readonly exited: Promise<number | null>;
  readonly pid: number;

  constructor(readonly child: ChildProcess) {
    this.pid = child.pid!;
    child.stdout!.on("data", (chunk) => (this.stdout = (this.stdout + chunk).slice(-outputLimit)));
    child.stderr!.on("data", (chunk) => (this.stderr = (this.stderr + chunk).slice(-outputLimit)));
    this.exited = new Promise((resolve) =>
      child.on("exit", (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve(code);
      }),
    );
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The URL from the banner once the deployment serves; throws with its output if it exits first. */
  async url(timeoutMs = 90_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = /is running at (http:\/\/\S+)/.exec(this.stdout);
      if (match) return match[1]!;
      if (!this.running)
        throw new Error(`the deployment exited (code ${this.exitCode}, signal ${this.exitSignal}) before serving:\n${this.output()}`);
      if (Date.now() > deadline) throw new Error(`the deployment did not serve within ${timeoutMs / 1000} s:\n${this.output()}`);
      await sleep(50);
    }
  }

  /** Resolves with the exit code, or undefined if it still runs after `timeoutMs`. */
  async exitWithin(timeoutMs: number): Promise<number | null | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    return Promise.race([this.exited, late]).finally(() => clearTimeout(timer));
  }

  /** kill -9: no handler runs, nothing is flushed. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill("SIGKILL");
    await this.exited;
  }

  /** SIGTERM, then the exit code (SIGKILL after `timeoutMs`, and null). */
  async terminate(timeoutMs = 30_000): Promise<number | null> {
    if (!this.running) return this.exitCode ?? null;
    this.child.kill("SIGTERM");
    const code = await this.exitWithin(timeoutMs);
    if (code === undefined) {
      await this.kill();
      return null;
    }
    return code;
  }

  output(): string {
    return `--- stdout ---\n${this.stdout.slice(-4000)}\n--- stderr ---\n${this.stderr.slice(-4000)}`;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const randomBetween = (low: number, high: number) => low + Math.random() * (high - low);
