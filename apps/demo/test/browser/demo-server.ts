import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const appDir = fileURLToPath(new URL("../../", import.meta.url));
export const adminPassword = "browser demo admin passphrase";

/** The built demo deployment, running as its own process on a fresh embedded database. */
export interface DemoServer {
  url: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/main.js` (what `pnpm start` runs) with a new PGlite folder, a port the system picks and a
 * known admin password; resolves once it prints where it runs. Fails with what to do when the build is missing.
 */
export async function startBuiltDemo(env: Record<string, string> = {}): Promise<DemoServer> {
  const main = join(appDir, "dist/main.js");
  const web = join(appDir, "dist/web/index.html");
  for (const built of [main, web]) {
    if (!existsSync(built)) {
      throw new Error(`${built} is missing: build the demo first (pnpm turbo run build --filter=@care-deploy/demo)`);
    }
  }
  const dataDir = await mkdtemp(join(tmpdir(), "care-demo-browser-"));
  const child = spawn(process.execPath, ["--enable-source-maps", main], {
    cwd: appDir,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      CARE_DATA_DIR: dataDir,
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
      CARE_ADMIN_PASSWORD: adminPassword,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const stop = async () => {
    await stopProcess(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  const url = await waitForUrl(child, () => output);
  if (!url) {
    await stop();
    throw new Error(`the demo did not start:\n${output}`);
  }
  return { url, output: () => output, stop };
}

async function waitForUrl(child: ChildProcess, output: () => string): Promise<string | undefined> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const url = /is running at (http:\/\/\S+)/.exec(output())?.[1];
    if (url) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  // A server that ignores SIGTERM must not outlive the test run.
  const forced = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(forced);
}
