import type { DeploymentNames } from "../../names.js";

/** test/start.test.ts: starts the built deployment on its own embedded database and checks /health and its web app. */
export const startTest = (deployment: DeploymentNames): string => `import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import config from "../plug.config.js";
import manifest from "../src/plugs.generated.js";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const main = join(appDir, "dist", "main.js");
let child: ChildProcess | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it("lists the same plugs in its generated manifest as in plug.config.ts", () => {
  expect(manifest.deployment).toBe(config.name);
  expect(manifest.plugs.map((entry) => entry.id)).toEqual(config.plugs.map((entry) => entry.name));
});

it("starts on its own embedded database, answers /health with its plugs, serves its web app, and stops on SIGINT", async () => {
  expect(existsSync(main), "dist/main.js is missing: run \`pnpm --filter ${deployment.packageName}... build\` first").toBe(true);
  dataDir = await mkdtemp(join(tmpdir(), "care-${deployment.name}-"));
  // What \`pnpm start\` runs, on a free port and a fresh data folder.
  const started = spawn(process.execPath, ["--enable-source-maps", main], {
    cwd: appDir,
    env: { ...process.env, PORT: "0", CARE_DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = started;
  let output = "";
  started.stdout!.on("data", (chunk) => (output += chunk));
  started.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => started.on("exit", resolve));

  const deadline = Date.now() + 50_000;
  while (!/is running at http/.test(output) && Date.now() < deadline && started.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = /is running at (http:\\/\\/\\S+)/.exec(output)?.[1];
  expect(url, output).toBeTruthy();
  expect(output).toContain(\`Care deployment "\${config.name}"\`);

  const response = await fetch(\`\${url}/health\`);
  expect(response.status).toBe(200);
  const health = (await response.json()) as { status: string; plugs: Array<{ id: string; state: string }> };
  expect(health.status).toBe("ok");
  expect(health.plugs.map((entry) => \`\${entry.id}:\${entry.state}\`)).toEqual(config.plugs.map((entry) => \`\${entry.name}:started\`));

  // The web app built into dist/web, at / and at any of its own paths (a reload of /patients/42).
  for (const path of ["/", "/patients/42"]) {
    const page = await fetch(\`\${url}\${path}\`);
    expect(page.status, path).toBe(200);
    expect(await page.text(), path).toMatch(/^<!doctype html>/i);
  }

  started.kill("SIGINT");
  expect(await exited, output).toBe(0);
});
`;
