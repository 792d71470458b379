import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { definePlug, env, secret, type AnyPlugDefinition } from "@care/plug-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { bundleDigestsFile, filesRecord, packageFilesOf } from "../src/tooling.js";
import { adminRoutes, startAdminDeployment } from "./admin-deployment.js";
import { freshStorage } from "./deployment-process.js";

const labKey = "lab-api-key-7f3c91d2e8";
const labHash = "sha512-LabPackageIntegrityFromTheLock==";

/** A plug as its publisher ships it: npm metadata, a care.plug block, migrations on disk. */
async function plug(options: {
  id: string;
  version: string;
  install: string;
  steps?: Record<string, string>;
  pkg?: Record<string, unknown>;
  block?: Record<string, unknown>;
  definition?: Record<string, unknown>;
}): Promise<AnyPlugDefinition> {
  const migrations = await mkdtemp(join(tmpdir(), `care-admin-${options.id}-`));
  await writeFile(join(migrations, "install.sql"), options.install);
  await mkdir(join(migrations, "upgrade"));
  for (const [name, sql] of Object.entries(options.steps ?? {})) await writeFile(join(migrations, "upgrade", `${name}.sql`), sql);
  return definePlug({
    package: {
      name: `@fixtures/${options.id}`,
      version: options.version,
      ...options.pkg,
      care: { plug: { id: options.id, core: "*", contract: "^1.0.0", ...options.block } },
    },
    migrations,
    ...options.definition,
  } as never) as AnyPlugDefinition;
}

const labConfig = z.object({
  apiKey: secret(z.string()),
  endpoint: z.string(),
  units: z.enum(["metric", "imperial"]).default("metric"),
});

const lab = (version: string, steps?: Record<string, string>) =>
  plug({
    id: "lab",
    version,
    install: "create table results (id int primary key, note text);",
    ...(steps && { steps }),
    pkg: {
      description: "Lab orders and results",
      license: "Apache-2.0",
      author: { name: "Acme Labs", email: "lab@acme.example" },
      homepage: "https://acme.example/lab",
      repository: { type: "git", url: "https://git.acme.example/lab.git" },
    },
    block: { ui: "./ui" },
    definition: { config: labConfig, health: () => ({ ok: true }) },
  });

/**
 * The admin console's read side, through HTTP on a started deployment: a first start installs lab
 * 1.1.0, sms and old; the second runs lab 1.2.0 (an upgrade step), sms switched off, and no old.
 */
describe("the admin API's view of the plugs", () => {
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let root: string;
  let deployment: Awaited<ReturnType<typeof startAdminDeployment>>;

  beforeAll(async () => {
    storage = await freshStorage();
    const sms = await plug({
      id: "sms",
      version: "1.0.0",
      install: "create table sent (id int);",
      pkg: { author: "Jo Doe <jo@x.example>" },
    });
    const old = await plug({ id: "old", version: "0.3.0", install: "create table kept (id int);" });
    const environment = { ...storage.env, LAB_API_KEY: labKey };
    const endpoint = `https://lab.example/api?key=${labKey}`;
    const first = await startAdminDeployment(
      {
        deployment: "clinic",
        plugs: [{ plug: await lab("1.1.0"), configs: { apiKey: env("LAB_API_KEY"), endpoint } }, { plug: sms }, { plug: old }],
      },
      environment,
    );
    await first.running.close();

    // The deployment's folder, as care bundle leaves it: the lock, and the digests of lab's installed files.
    root = await mkdtemp(join(tmpdir(), "care-admin-root-"));
    const installed = join(root, "node_modules/@fixtures/lab");
    await mkdir(installed, { recursive: true });
    await writeFile(join(installed, "package.json"), '{ "name": "@fixtures/lab", "version": "1.2.0" }\n');
    await writeFile(join(installed, "index.js"), "export default {};\n");
    const files = filesRecord(await packageFilesOf(installed));
    await writeFile(
      join(root, bundleDigestsFile),
      JSON.stringify({
        version: 1,
        plugs: [{ id: "lab", package: "@fixtures/lab", version: "1.2.0", digest: "sha256-x", signedBy: "Acme Labs", files }],
      }),
    );
    await writeFile(
      join(root, "plugs.lock.json"),
      JSON.stringify({
        deployment: "clinic",
        plugs: [
          {
            id: "lab",
            package: "@fixtures/lab",
            version: "1.2.0",
            source: "file",
            integrity: labHash,
            digest: "sha256-x",
            signedBy: "Acme Labs",
          },
          { id: "sms", package: "@fixtures/sms", version: "1.0.0", source: "registry", integrity: "sha512-sms==", digest: "sha256-y" },
        ],
      }),
    );
    deployment = await startAdminDeployment(
      {
        deployment: "clinic",
        root,
        plugs: [
          {
            plug: await lab("1.2.0", { "1.1.0_1.2.0": "alter table results add column if not exists note text;" }),
            configs: { apiKey: env("LAB_API_KEY"), endpoint },
            required: true,
          },
          { plug: sms, enabled: false },
        ],
      },
      environment,
    );
  }, 180_000);
  afterAll(async () => {
    await deployment?.running.close();
    await storage.cleanup();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("lists every plug with versions, source, integrity, signature, state, health and metadata", async () => {
    const answer = await deployment.call("GET", "/api/v1/admin/plugs");
    expect(answer.status).toBe(200);
    const byId = Object.fromEntries((answer.json.items as Array<{ id: string }>).map((item) => [item.id, item]));
    expect(Object.keys(byId)).toEqual(["lab", "sms", "old"]);
    expect(byId.lab).toEqual({
      id: "lab",
      package: "@fixtures/lab",
      bundledVersion: "1.2.0",
      installedVersion: "1.2.0",
      source: "file",
      integrity: { lock: labHash, verified: true },
      signature: { status: "signed", signedBy: "Acme Labs" },
      state: "started",
      required: true,
      health: { status: "ok", reason: null, checkedAt: expect.any(String) },
      metadata: {
        description: "Lab orders and results",
        license: "Apache-2.0",
        author: "Acme Labs",
        homepage: "https://acme.example/lab",
        repository: "https://git.acme.example/lab.git",
      },
      ui: true,
    });
    expect(byId.sms).toMatchObject({
      bundledVersion: "1.0.0",
      installedVersion: "1.0.0",
      source: "registry",
      integrity: { lock: "sha512-sms==", verified: false },
      signature: { status: "unsigned", signedBy: null },
      state: "disabled",
      health: null,
      metadata: { author: "Jo Doe <jo@x.example>", description: null },
      ui: false,
    });
    expect(byId.old).toMatchObject({
      package: "@fixtures/old",
      bundledVersion: null,
      installedVersion: "0.3.0",
      source: null,
      state: "detached",
      health: null,
    });
  });

  it("shows a plug's settings with secrets as set only, where each comes from, and its migration steps", async () => {
    const answer = await deployment.call("GET", "/api/v1/admin/plugs/lab");
    expect(answer.status).toBe(200);
    expect(answer.json.config).toEqual([
      { key: "apiKey", secret: true, set: true, value: null, from: "environment" },
      { key: "endpoint", secret: false, set: true, value: "https://lab.example/api?key=[secret]", from: "deployment" },
      { key: "units", secret: false, set: true, value: "metric", from: "default" },
    ]);
    expect(answer.json.migrations.map((step: { step: string; toVersion: string }) => [step.step, step.toVersion])).toEqual([
      ["install.sql", "1.1.0"],
      ["upgrade/1.1.0_1.2.0", "1.2.0"],
    ]);
    for (const step of answer.json.migrations) {
      expect(step).toMatchObject({ plug: "lab", checksum: expect.stringMatching(/\S/), appliedAt: expect.any(String) });
    }
    const off = await deployment.call("GET", "/api/v1/admin/plugs/sms");
    expect(off.json).toMatchObject({ state: "disabled", config: [], migrations: [{ step: "install.sql", toVersion: "1.0.0" }] });
    const detached = await deployment.call("GET", "/api/v1/admin/plugs/old");
    expect(detached.json).toMatchObject({ state: "detached", config: [], migrations: [{ plug: "old", step: "install.sql" }] });
    const unknown = await deployment.call("GET", "/api/v1/admin/plugs/nothing");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("not_found");
  });

  it("lists the core's migrations and every plug's steps, oldest first", async () => {
    const answer = await deployment.call("GET", "/api/v1/admin/migrations");
    expect(answer.status).toBe(200);
    const steps = answer.json.items as Array<{ plug: string | null; step: string; appliedAt: string }>;
    expect(steps[0]).toMatchObject({ plug: null, step: "0001_initial", toVersion: null, checksum: null });
    const names = steps.map((step) => `${step.plug ?? "core"}:${step.step}`);
    expect(names).toEqual(expect.arrayContaining(["lab:install.sql", "sms:install.sql", "old:install.sql", "lab:upgrade/1.1.0_1.2.0"]));
    expect(names.indexOf("lab:upgrade/1.1.0_1.2.0")).toBe(names.length - 1);
    expect(names.findLastIndex((name) => name.startsWith("core:"))).toBeLessThan(names.indexOf("lab:install.sql"));
    expect(steps.every((step) => !Number.isNaN(Date.parse(step.appliedAt)))).toBe(true);
  });

  it("gives an anonymous caller 401 and a nurse 403 on every admin route", async () => {
    for (const route of adminRoutes) {
      const options = route.bytes ? { bytes: new Uint8Array([1, 2, 3]) } : { body: route.body };
      const anonymous = await deployment.call(route.method, route.path, { ...options, token: null });
      const nurse = await deployment.call(route.method, route.path, { ...options, token: deployment.nurse });
      expect([route.path, anonymous.status, anonymous.json?.error?.code]).toEqual([route.path, 401, "unauthorized"]);
      expect([route.path, nurse.status, nurse.json?.error?.code]).toEqual([route.path, 403, "forbidden"]);
    }
  });

  it("never shows a secret's value in any answer", async () => {
    const bodies: string[] = [];
    for (const path of ["/api/v1/admin/plugs", "/api/v1/admin/plugs/lab", "/api/v1/admin/plugs/sms", "/api/v1/admin/migrations"]) {
      const answer = await deployment.call("GET", path);
      expect(answer.status).toBe(200);
      bodies.push(answer.text);
    }
    for (const route of adminRoutes) bodies.push((await deployment.call(route.method, route.path, { body: route.body })).text);
    expect(bodies.join("\n")).toContain("apiKey");
    for (const body of bodies) expect(body).not.toContain(labKey);
  });
});
