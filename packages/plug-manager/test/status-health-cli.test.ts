import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDatabase, type ScratchDatabase } from "@care/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, cliPath, sourceRoot } from "./temp-workspace.js";

const runtimeEntry = join(sourceRoot, "packages/runtime/dist/index.js");
// definePlug is the contract's (@care/plug-api), no longer re-exported by the runtime.
const contractEntry = join(sourceRoot, "packages/plug-api/dist/index.js");

/**
 * `care status` beside a running deployment: each plug's own check as the deployment reports it,
 * on PGlite (the deployment holds the folder, so that answer is the status) and on a server (the
 * database's view and the running deployment's). An SMS plug's provider is down; a lab plug is fine.
 */
describe("care status reports each plug's own check from the running deployment", () => {
  const server = process.env.DATABASE_URL || undefined;
  let workspace: string;
  let scratch: ScratchDatabase | undefined;
  let deployment: ChildProcess | undefined;
  let port: number;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-cli-status-"));
    await writeFile(join(workspace, "pnpm-workspace.yaml"), "packages: []\n");
    await mkdir(join(workspace, "apps/site/src"), { recursive: true });
    await writeFile(join(workspace, "apps/site/plug.config.ts"), "export default { plugs: [] };\n");
    const plug = (id: string, health: string) => `{ plug: definePlug({
      package: { name: "@site/${id}", version: "1.0.0", care: { plug: { id: "${id}", core: "*", contract: "^1.0.0" } } },
      health: async () => ${health},
    }) }`;
    // One manifest for the deployment process (JavaScript) and for the CLI (through plugs.generated.ts).
    await writeFile(
      join(workspace, "apps/site/plugs.mjs"),
      `import { definePlug } from ${JSON.stringify(contractEntry)};
export default { deployment: "site", plugs: [
  ${plug("sms", '({ ok: false, reason: "provider sms.example answered 502" })')},
  ${plug("lab", "undefined")},
] };
`,
    );
    await writeFile(join(workspace, "apps/site/src/plugs.generated.ts"), 'export { default } from "../plugs.mjs";\n');
    await writeFile(
      join(workspace, "apps/site/main.mjs"),
      `import { runDeployment } from ${JSON.stringify(runtimeEntry)};\nimport manifest from "./plugs.mjs";\nawait ` +
        `runDeployment(manifest);\n`,
    );
    if (server) scratch = await createScratchDatabase(server);
    port = await freePort();
  });
  afterAll(async () => {
    deployment?.kill("SIGKILL");
    await scratch?.drop();
    await rm(workspace, { recursive: true, force: true });
  });

  /** The deployment's own environment, which `care status` reads too: the same database and port. */
  const siteEnv = () => ({ DATABASE_URL: scratch?.url ?? "", CARE_DATA_DIR: "", PORT: String(port), HOST: "127.0.0.1" });

  function care(args: string[], env: NodeJS.ProcessEnv = siteEnv()): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [cliPath, ...args], {
        cwd: workspace,
        env: { ...childEnv(), ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, output: `$ care ${args.join(" ")}\n${output}` });
      });
    });
  }

  it("says no deployment answers before it starts, then shows the failing optional plug and the healthy one while it runs", async () => {
    // Nothing runs yet: the database's view, and the address it asked.
    const idle = await care(["status", "-d", "site"]);
    expect(idle.code, idle.output).toBe(0);
    expect(idle.output).toContain(
      `running deployment at http://127.0.0.1:${port}: nothing listens there; the plugs' own checks run only in a running deployment`,
    );

    deployment = spawn(process.execPath, ["main.mjs"], {
      cwd: join(workspace, "apps/site"),
      env: { PATH: process.env.PATH, LOG_LEVEL: "warn", CARE_ADMIN_PASSWORD: "status-admin-pw", ...siteEnv() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let printed = "";
    deployment.stdout!.on("data", (chunk) => (printed += chunk));
    deployment.stderr!.on("data", (chunk) => (printed += chunk));
    await until(
      () => printed.includes("is running at"),
      () => printed,
    );

    const status = await care(["status", "-d", "site"]);
    expect(status.code, status.output).toBe(0);
    expect(status.output).toMatch(new RegExp(`running deployment at http://127\\.0\\.0\\.1:${port}: degraded, core \\S+`));
    expect(status.output).toMatch(/ sms +1\.0\.0 +started +check failing \(optional: degraded\): provider sms\.example answered 502/);
    expect(status.output).toMatch(/ lab +1\.0\.0 +started +check ok/);
    if (server) {
      expect(status.output).toContain("database: PostgreSQL");
      expect(status.output).toMatch(/sms +@site\/sms +installed/);
    } else {
      expect(status.output).toMatch(/database: .*apps\/site\/\.care\/site\/data, held by the running deployment \(process \d+/);
    }

    // --url asks another address: nothing there, said as such (and on PGlite, the folder's refusal stands).
    const elsewhere = await care(["status", "-d", "site", "--url", `http://127.0.0.1:${await freePort()}`]);
    expect(elsewhere.output).toMatch(/running deployment at http:\/\/127\.0\.0\.1:\d+: nothing listens there/);
    expect(elsewhere.code, elsewhere.output).toBe(server ? 0 : 1);
    if (!server) expect(elsewhere.output).toContain("care: [data_folder_in_use] the data folder");
  }, 180_000);
});

async function freePort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

async function until(ready: () => boolean, seen: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`the deployment did not start within 60 s:\n${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
