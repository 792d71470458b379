import { spawn } from "node:child_process";
import { appendFile, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extract } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { care, copyWorkspace, install } from "./temp-workspace.js";

/** Starts an unpacked bundle with node alone; resolves with its output once it serves or exits. */
function startBundle(app: string, dataDir: string): Promise<{ code: number | null; output: string; served: boolean }> {
  return new Promise((resolve) => {
    const server = spawn(process.execPath, ["dist/main.js"], {
      cwd: app,
      env: { PATH: process.env.PATH, PORT: "0", LOG_LEVEL: "warn", CARE_DATA_DIR: dataDir, CARE_ADMIN_PASSWORD: "tamper-admin-password" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let served = false;
    const take = (chunk: Buffer) => {
      output += chunk;
      if (!served && output.includes("is running at")) {
        served = true;
        server.kill("SIGTERM");
      }
    };
    server.stdout.on("data", take);
    server.stderr.on("data", take);
    const guard = setTimeout(() => server.kill("SIGKILL"), 120_000);
    server.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, output, served });
    });
  });
}

/**
 * `care bundle` records each plug's files in plugs.digests.json; the unpacked bundle starts as
 * bundled, and refuses to start once a plug's file is changed on the server.
 */
describe("a bundle whose plug files changed after bundling", () => {
  let workspace: string;
  let site: string;
  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-bundle-tamper-"));
    site = await mkdtemp(join(tmpdir(), "care-bundle-tamper-site-"));
    await copyWorkspace(workspace);
    for (const args of [
      ["deployment", "new", "ward"],
      ["plug", "new", "vitals"],
    ]) {
      const done = await care(workspace, args);
      expect(done.code, done.output).toBe(0);
    }
    await install(workspace);
    const added = await care(workspace, ["plug", "add", "@care-plugs/vitals", "-d", "ward", "--yes"]);
    expect(added.code, added.output).toBe(0);
  }, 600_000);
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
    await rm(site, { recursive: true, force: true });
  });

  it("starts as bundled, and refuses to start naming the plug and the changed file once one is edited", async () => {
    const bundled = await care(workspace, ["bundle", "-d", "ward"]);
    expect(bundled.code, bundled.output).toBe(0);
    expect(bundled.output).toContain("checking ward (as care check does)");
    const digests = JSON.parse(await readFile(join(workspace, "apps/ward/bundle/ward/plugs.digests.json"), "utf8"));
    expect(digests.plugs).toEqual([
      expect.objectContaining({ id: "vitals", package: "@care-plugs/vitals", digest: expect.stringMatching(/^sha256-[0-9a-f]{64}$/) }),
    ]);
    expect(digests.plugs[0].files["package.json"]).toMatch(/^[0-9a-f]{64}$/);

    await extract({ file: join(workspace, "apps/ward/bundle/ward.tgz"), cwd: site });
    const app = join(site, "ward");
    const intact = await startBundle(app, join(site, "data"));
    expect(intact.served, intact.output).toBe(true);

    const plugDir = await realpath(join(app, "node_modules/@care-plugs/vitals"));
    const main = (JSON.parse(await readFile(join(plugDir, "package.json"), "utf8")) as { main: string }).main.replace(/^\.\//, "");
    await appendFile(join(plugDir, main), "\n// changed on the server\n");
    const refused = await startBundle(app, join(site, "data"));
    expect(refused.served).toBe(false);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("bundle_plug_changed");
    expect(refused.output).toContain(`plug vitals (@care-plugs/vitals@0.1.0) in ${plugDir} differs from the bundle: changed: ${main}`);
    expect(refused.output).toContain("restore the bundle from its archive");
  }, 900_000);

  it("refuses to start once a file is added under the plug's own node_modules (Node would load it first)", async () => {
    const fresh = join(site, "fresh");
    await mkdir(fresh);
    await extract({ file: join(workspace, "apps/ward/bundle/ward.tgz"), cwd: fresh });
    const app = join(fresh, "ward");
    const plugDir = await realpath(join(app, "node_modules/@care-plugs/vitals"));
    await mkdir(join(plugDir, "node_modules/zod"), { recursive: true });
    await writeFile(join(plugDir, "node_modules/zod/index.js"), 'console.log("not the real zod");\n');
    const refused = await startBundle(app, join(fresh, "data"));
    expect(refused.served, refused.output).toBe(false);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("bundle_plug_changed");
    expect(refused.output).toContain(
      `plug vitals (@care-plugs/vitals@0.1.0) in ${plugDir} differs from the bundle: added: node_modules/zod/index.js`,
    );
  }, 600_000);

  it("care bundle refuses, with care check's problems, a deployment whose plug the trust policy revokes", async () => {
    const configPath = join(workspace, "apps/ward/plug.config.ts");
    const written = await readFile(configPath, "utf8");
    await writeFile(
      configPath,
      written.replace(/\n\s*plugs: \[/, '\n  trust: { revoked: { versions: ["@care-plugs/vitals@<1.0.0"] } },$&'),
    );
    const refused = await care(workspace, ["bundle", "-d", "ward"]);
    await writeFile(configPath, written);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("[bundle_check_failed] ward has 1 problem(s), so it was not bundled");
    expect(refused.output).toContain("plug_revoked");
    expect(refused.output).not.toContain("gathering production dependencies");
  }, 600_000);
});
