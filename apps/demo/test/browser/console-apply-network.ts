import { type ChildProcess, spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { canCutNetwork } from "@care/test-support";
import { chromiumPath } from "./chromium.js";

/** A network namespace needs root (as on CI machines); nsenter puts a process in one that is already there. */
export const canRunCutOff = canCutNetwork && spawnSync("nsenter", ["--version"]).status === 0;

/**
 * A network namespace with loopback only, held open by a sleeping process. What runs in it (the
 * supervisor, the deployment, Chromium) reaches nothing but itself; the test stays outside and drives
 * Chromium over pipes (Playwright's transport), so every request the page makes stays inside.
 */
export interface CutOffNetwork {
  spawn(command: string, args: string[], options: SpawnOptions): ChildProcess;
  /** Chromium inside the namespace. */
  launchChromium(): Promise<Browser>;
  /** Whether a process inside reaches the public registry ("unreachable" is the point). */
  outside(): string;
  close(): void;
}

const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"];

export async function cutOffNetwork(scratch: string): Promise<CutOffNetwork> {
  const holder = spawn("unshare", ["-n", "sh", "-c", "ip link set lo up && echo up && exec sleep infinity"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    holder.stdout?.once("data", () => resolve());
    holder.once("exit", (code) => reject(new Error(`unshare -n exited (${code}) before its loopback was up`)));
  });
  const enter = `--net=/proc/${holder.pid}/ns/net`;
  // Playwright starts the browser itself: a wrapper puts it in the namespace (nsenter execs, keeping the pipes).
  const browserInside = join(scratch, "chromium-cut-off");
  await writeFile(browserInside, `#!/bin/sh\nexec nsenter ${enter} ${chromiumPath} "$@"\n`);
  await chmod(browserInside, 0o755);
  return {
    spawn: (command, args, options) => spawn("nsenter", [enter, command, ...args], options),
    launchChromium: () => chromium.launch({ executablePath: browserInside, args: flags, headless: true }),
    outside: () => {
      const probe = 'fetch("http://registry.npmjs.org/", { signal: AbortSignal.timeout(3000) }).then(() => "reached", () => "unreachable")';
      const run = spawnSync("nsenter", [enter, process.execPath, "-e", `${probe}.then(console.log)`], { encoding: "utf8" });
      return run.stdout.trim() || `unknown: ${run.stderr}`;
    },
    close: () => void holder.kill("SIGKILL"),
  };
}
