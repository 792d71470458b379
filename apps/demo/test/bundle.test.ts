import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { extract } from "tar";
import { afterAll, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const cli = join(root, "packages/plug-manager/dist/cli.js");
// Cutting the network needs a network namespace of our own (root, as on CI machines).
const canCutNetwork = spawnSync("unshare", ["-n", "true"]).status === 0;
const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

/** Runs inside the namespace: starts the unpacked bundle, asks it, stops it, prints what it saw. */
const probe = `
import { spawn } from "node:child_process";
const server = spawn(process.execPath, ["dist/main.js"], { env: { ...process.env, PORT: "3999", LOG_LEVEL: "warn" } });
let output = "";
server.stdout.on("data", (chunk) => (output += chunk));
server.stderr.on("data", (chunk) => (output += chunk));
const deadline = Date.now() + 60000;
while (!output.includes("is running at") && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 100));
const base = "http://127.0.0.1:3999";
const result = { output };
try {
  result.health = await (await fetch(base + "/health")).json();
  const login = await fetch(base + "/api/v1/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: "bundle-admin-pw" }) });
  const { token } = await login.json();
  const orders = await fetch(base + "/api/plugs/lab/patients/00000000-0000-7000-8000-000000000000/orders", { headers: { authorization: "Bearer " + token } });
  result.labRoute = orders.status;
  result.outside = await fetch("http://registry.npmjs.org/", { signal: AbortSignal.timeout(3000) }).then(() => "reached", () => "unreachable");
} catch (error) { result.error = String(error); }
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));
console.log(JSON.stringify(result));
`;

it.skipIf(!canCutNetwork)(
  "bundles into a folder and a .tgz that, unpacked elsewhere, starts with node alone and no network, and serves its plugs",
  async () => {
    const bundled = spawnSync(process.execPath, [cli, "bundle", "-d", "demo", "--no-build"], { cwd: root, encoding: "utf8", env: { ...process.env, CI: "true" } });
    expect(bundled.status, bundled.stdout + bundled.stderr).toBe(0);

    const site = await mkdtemp(join(tmpdir(), "care-site-"));
    scratch.push(site);
    await extract({ file: join(root, "apps/demo/bundle/demo.tgz"), cwd: site });
    const app = join(site, "demo");
    await writeFile(join(app, "probe.mjs"), probe);
    // No dev dependencies, no CLI, no plug the deployment does not list.
    const listed = spawnSync("ls", [join(app, "node_modules/@care"), join(app, "node_modules/@care-plugs")], { encoding: "utf8" }).stdout;
    expect(listed).not.toContain("plug-manager");
    expect(listed).not.toMatch(/vitest|tsup|typescript/);

    const run = spawnSync("unshare", ["-n", "sh", "-c", "ip link set lo up && node probe.mjs"], {
      cwd: app,
      encoding: "utf8",
      env: { PATH: process.env.PATH, CARE_DATA_DIR: join(site, "data"), CARE_ADMIN_PASSWORD: "bundle-admin-pw" },
      timeout: 120_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split("\n").pop()!);
    expect(result.health.plugs.map((plug: { id: string }) => plug.id), result.output).toEqual(["hello", "lab", "notify"]);
    expect(result.labRoute).toBe(404);
    expect(result.outside).toBe("unreachable");
  },
  240_000,
);
