import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { supervisorSocketPath, type ApplyRecord, type ArchiveInspection, type StagedChange } from "../src/supervision.js";
import { startAdminDeployment } from "./admin-deployment.js";
import { freshStorage } from "./deployment-process.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const change: StagedChange = {
  id: "c1",
  kind: "add",
  plug: "hello",
  package: "@acme/hello",
  version: "0.3.0",
  fromVersion: null,
  archive: { name: "hello-0.3.0.tgz", sha256: "ab".repeat(32) },
  stagedBy: "admin",
  stagedAt: "2026-01-02T03:04:05.000Z",
};
const record: ApplyRecord = {
  id: "a1",
  by: "admin",
  startedAt: "2026-01-02T03:05:00.000Z",
  finishedAt: null,
  changes: [change],
  bundle: null,
  result: "running",
  failedStep: null,
  message: null,
  steps: [{ name: "build", status: "running", startedAt: "2026-01-02T03:05:00.000Z", finishedAt: null, detail: null }],
};

/** What a request to the stand-in carried. */
interface Received {
  method: string;
  url: string;
  actor: string | undefined;
  fileName: string | undefined;
  body: unknown;
  sha256?: string;
}

/**
 * A small real Fastify server on a unix socket standing in for care serve: it records what each
 * request carried and answers as the contract says, a refusal included.
 */
async function standInSupervisor(socketPath: string, received: Received[]): Promise<FastifyInstance> {
  const server = Fastify({ bodyLimit: 64 * 1024 * 1024 });
  server.addContentTypeParser("application/octet-stream", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  server.addHook("preHandler", async (request) => {
    const bytes = Buffer.isBuffer(request.body) ? request.body : undefined;
    received.push({
      method: request.method,
      url: request.url,
      actor: request.headers["x-care-actor"] as string | undefined,
      fileName: request.headers["x-care-file-name"] as string | undefined,
      body: bytes ? undefined : request.body,
      ...(bytes && { sha256: sha256(bytes) }),
    });
  });
  server.get("/status", async () => ({ deployment: "clinic", release: "2", startedAt: "2026-01-02T03:00:00.000Z", applying: null }));
  server.post("/archives", async (request, reply) => {
    const bytes = request.body as Buffer;
    if (bytes.byteLength < 10)
      return reply.status(422).send({
        error: {
          code: "archive_tampered",
          message: "hello-0.3.0.tgz: dist/index.js differs from the signed listing",
          hint: "get the archive again from its publisher",
          details: [{ path: "dist/index.js", message: "changed" }],
        },
      });
    const inspection: ArchiveInspection = {
      token: "t1",
      file: { name: "hello-0.3.0.tgz", sha256: sha256(bytes), bytes: bytes.byteLength },
      change: "add",
      plug: {
        id: "hello",
        package: "@acme/hello",
        version: "0.3.0",
        description: null,
        license: "MIT",
        author: null,
        homepage: null,
        repository: null,
      },
      signature: { status: "signed", signedBy: "Acme", fingerprint: "SHA256:abc" },
      core: { range: "^0.1.0", compatible: true },
      contract: "^1.0.0",
      dependencies: [],
      coreTables: [{ table: "patients", access: ["select"] }],
      outsideHosts: [],
      ui: true,
      needsNetwork: [],
      upgrade: null,
    };
    return inspection;
  });
  server.post("/changes", async (_request, reply) => reply.status(201).send(change));
  server.get("/changes", async () => ({ items: [change] }));
  server.delete("/changes/:id", async (request, reply) =>
    (request.params as { id: string }).id === "c1"
      ? reply.status(204).send()
      : reply.status(404).send({ error: { code: "not_found", message: "no staged change c9" } }),
  );
  server.post("/applies", async (_request, reply) =>
    reply.status(409).send({ error: { code: "apply_running", message: "apply a0 is running", hint: "wait for it to end" } }),
  );
  server.get("/applies", async () => ({ items: [record] }));
  server.get("/applies/:id", async () => record);
  await server.listen({ path: socketPath });
  return server;
}

describe("the admin routes relayed to the supervisor", () => {
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let siteDir: string;
  let supervisor: FastifyInstance;
  const received: Received[] = [];
  let deployment: Awaited<ReturnType<typeof startAdminDeployment>>;

  beforeAll(async () => {
    storage = await freshStorage();
    siteDir = await mkdtemp(join(tmpdir(), "care-site-"));
    const socket = supervisorSocketPath(siteDir);
    supervisor = await standInSupervisor(socket, received);
    deployment = await startAdminDeployment({ deployment: "clinic", plugs: [] }, { ...storage.env, CARE_SUPERVISOR_SOCKET: socket });
  }, 120_000);
  afterAll(async () => {
    await deployment?.running.close();
    await supervisor?.close();
    await storage.cleanup();
    await rm(siteDir, { recursive: true, force: true });
  });

  it("relays an archive's bytes (larger than the API's 1 MiB) with the admin's name and the file's, and the inspection back", async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, index) => index % 251);
    const answer = await deployment.call("POST", "/api/v1/admin/archives", {
      bytes,
      headers: { "x-care-file-name": "h%C3%A9llo-0.3.0.tgz" },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ token: "t1", file: { sha256: sha256(bytes), bytes: bytes.byteLength }, plug: { id: "hello" } });
    expect(received.at(-1)).toMatchObject({
      method: "POST",
      url: "/archives",
      actor: "admin",
      fileName: "h%C3%A9llo-0.3.0.tgz",
      sha256: sha256(bytes),
    });
    // Every other route keeps the 1 MiB limit.
    const large = await deployment.call("POST", "/api/v1/admin/changes", { body: { token: "x".repeat(2 * 1024 * 1024) } });
    expect([large.status, large.json.error.code]).toEqual([413, "payload_too_large"]);
  });

  it("relays a refusal's status and error body unchanged", async () => {
    const refused = await deployment.call("POST", "/api/v1/admin/archives", { bytes: new Uint8Array([1, 2, 3]) });
    expect(refused.status).toBe(422);
    expect(refused.json).toEqual({
      error: {
        code: "archive_tampered",
        message: "hello-0.3.0.tgz: dist/index.js differs from the signed listing",
        hint: "get the archive again from its publisher",
        details: [{ path: "dist/index.js", message: "changed" }],
      },
    });
    const busy = await deployment.call("POST", "/api/v1/admin/applies", { body: {} });
    expect(busy.status).toBe(409);
    expect(busy.json).toEqual({ error: { code: "apply_running", message: "apply a0 is running", hint: "wait for it to end" } });
    expect(received.at(-1)).toMatchObject({ method: "POST", url: "/applies", actor: "admin", body: {} });
    const unknown = await deployment.call("DELETE", "/api/v1/admin/changes/c9");
    expect([unknown.status, unknown.json.error.code]).toEqual([404, "not_found"]);
  });

  it("relays staging, the staged list, discarding, the journal and the supervisor's status", async () => {
    const staged = await deployment.call("POST", "/api/v1/admin/changes", { body: { token: "t1" } });
    expect([staged.status, staged.json]).toEqual([201, change]);
    expect(received.at(-1)).toMatchObject({ url: "/changes", actor: "admin", body: { token: "t1" } });
    expect((await deployment.call("GET", "/api/v1/admin/changes")).json).toEqual({ items: [change] });
    const discarded = await deployment.call("DELETE", "/api/v1/admin/changes/c1");
    expect([discarded.status, discarded.text]).toEqual([204, ""]);
    expect(received.at(-1)).toMatchObject({ method: "DELETE", url: "/changes/c1", actor: "admin" });
    expect((await deployment.call("GET", "/api/v1/admin/applies")).json).toEqual({ items: [record] });
    expect((await deployment.call("GET", "/api/v1/admin/applies/a1")).json).toEqual(record);
    expect((await deployment.call("GET", "/api/v1/admin/supervisor")).json).toEqual({
      supervised: true,
      status: { deployment: "clinic", release: "2", startedAt: "2026-01-02T03:00:00.000Z", applying: null },
      problem: null,
    });
    // The console cannot name a bundle file on the server: only the CLI may.
    const bundle = await deployment.call("POST", "/api/v1/admin/applies", { body: { bundle: "/tmp/other.tgz" } });
    expect([bundle.status, bundle.json.error.code]).toEqual([400, "validation_failed"]);
  });

  it("answers 502 supervisor_unreachable once the supervisor is gone, and says so on GET /admin/supervisor", async () => {
    await supervisor.close();
    const answer = await deployment.call("GET", "/api/v1/admin/changes");
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatchObject({ code: "supervisor_unreachable", hint: expect.stringContaining("care serve") });
    const status = await deployment.call("GET", "/api/v1/admin/supervisor");
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ supervised: true, status: null, problem: { code: "supervisor_unreachable" } });
  });
});

describe("the relayed admin routes of a deployment not run by care serve", () => {
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let deployment: Awaited<ReturnType<typeof startAdminDeployment>>;
  beforeAll(async () => {
    storage = await freshStorage();
    deployment = await startAdminDeployment({ deployment: "clinic", plugs: [] }, storage.env);
  }, 120_000);
  afterAll(async () => {
    await deployment?.running.close();
    await storage.cleanup();
  });

  it("answers 503 not_supervised naming care serve, and GET /admin/supervisor says it is not supervised", async () => {
    for (const [method, path, options] of [
      ["POST", "/api/v1/admin/archives", { bytes: new Uint8Array([1, 2, 3]) }],
      ["POST", "/api/v1/admin/changes", { body: { kind: "disable", plug: "lab" } }],
      ["GET", "/api/v1/admin/changes", {}],
      ["DELETE", "/api/v1/admin/changes/c1", {}],
      ["POST", "/api/v1/admin/applies", { body: {} }],
      ["GET", "/api/v1/admin/applies", {}],
      ["GET", "/api/v1/admin/applies/a1", {}],
    ] as const) {
      const answer = await deployment.call(method, path, options);
      expect([path, answer.status, answer.json.error.code]).toEqual([path, 503, "not_supervised"]);
      expect(answer.json.error.hint).toBe("start it with care serve -d clinic on the site's server");
    }
    expect((await deployment.call("GET", "/api/v1/admin/supervisor")).json).toEqual({ supervised: false, status: null, problem: null });
  });
});
