import type { ChildProcess } from "node:child_process";
import type { CutOffNetwork } from "./console-apply-network.js";
import { careScript, siteEnv } from "./console-apply-site.js";

/** Where the deployment serves inside the namespace: its loopback is its own, so a fixed port is free. */
export const siteUrl = "http://127.0.0.1:3999";
export const adminPassword = "console apply admin passphrase";

/** `care serve -d demo` running in the namespace. */
export interface Supervised {
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `care serve -d demo` in the site's repository, inside the namespace, with a short health window,
 * and resolves once release 1 serves (bundled on this first run: the slow part).
 */
export async function serveSite(network: CutOffNetwork, root: string): Promise<Supervised> {
  const env = siteEnv({ PORT: "3999", HOST: "127.0.0.1", LOG_LEVEL: "warn", CARE_ADMIN_PASSWORD: adminPassword });
  const args = [careScript(root), "serve", "-d", "demo", "--health-window", "5", "--start-timeout", "120"];
  const child = network.spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const supervised = { output: () => output, stop: () => stop(child) };
  const deadline = Date.now() + 900_000;
  while (!/release \S+ runs; control socket/.test(output) || !output.includes("is running at")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await supervised.stop();
      throw new Error(`care serve did not serve the demo:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return supervised;
}

/** SIGTERM: the supervisor stops its release and exits; killed if it does not within a minute. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const forced = setTimeout(() => child.kill("SIGKILL"), 60_000);
  await exited;
  clearTimeout(forced);
}
