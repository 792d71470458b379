import { chmod, mkdir, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { actorHeader, applyRequestSchema, decodeHeaderValue, fileNameHeader, stageRequestSchema } from "@care/runtime/supervision";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { z } from "zod";
import { CareCliError } from "../cli-error.js";
import { ControlError, sendProblem } from "./control-answers.js";
import { discardStagedChange, listStagedChanges, maxUploadBytes, receiveUpload, stageChange } from "./staging/index.js";
import { startApply } from "./start-apply.js";
import type { Supervisor } from "./supervisor.js";

/**
 * The supervisor's control API on its unix socket (the contract in docs/operations/serve-and-apply.md):
 * status, archives, staged changes, applies. The socket is the authentication: mode 0600, in a
 * folder only this user can enter when it is in the temporary folder, so only the user running
 * `care serve` (and the deployment it started, which relays its administrators) can connect.
 */
export async function startControlServer(sup: Supervisor): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return sendProblem(reply, new ControlError(status, status === 413 ? "body_too_large" : "invalid_request", (error as Error).message));
    }
    return sendProblem(reply, error);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, new ControlError(404, "invalid_request", `the supervisor has no route ${request.method} ${request.url}`)),
  );
  const site = { root: sup.site.root, deployment: sup.site.deployment, siteDir: sup.site.siteDir };

  app.get("/status", async () => ({
    deployment: sup.site.deployment,
    release: sup.release ?? null,
    startedAt: sup.startedAt,
    applying: sup.applyingRecord(),
  }));

  await app.register(async (upload) => {
    upload.addContentTypeParser("application/octet-stream", { parseAs: "buffer", bodyLimit: maxUploadBytes }, (_request, body, done) =>
      done(null, body),
    );
    upload.post("/archives", { bodyLimit: maxUploadBytes }, async (request, reply) => {
      const actor = actorOf(request);
      if (!Buffer.isBuffer(request.body) || request.body.byteLength === 0) {
        throw new ControlError(400, "invalid_request", "send the plug archive's bytes as the body, as application/octet-stream");
      }
      const name = decodeHeaderValue(request.headers[fileNameHeader]) ?? "upload.tgz";
      sup.options.print(`care serve: ${actor} uploaded ${name} (${request.body.byteLength} bytes)`);
      return reply.status(200).send(await receiveUpload(site, request.body, name));
    });
  });

  app.post("/changes", async (request, reply) => {
    const actor = actorOf(request);
    const stageRequest = parsed(stageRequestSchema, request.body);
    const { change, replaced } = await stageChange(site, stageRequest, actor);
    sup.options.print(
      `care serve: ${actor} staged ${change.kind} of plug ${change.plug}${replaced ? ` (replacing ${replaced.kind})` : ""}`,
    );
    return reply.status(201).send(change);
  });
  app.get("/changes", async () => ({ items: await listStagedChanges(sup.site.siteDir) }));
  app.delete("/changes/:id", async (request, reply) => {
    const actor = actorOf(request);
    const found = await discardStagedChange(sup.site.siteDir, (request.params as { id: string }).id);
    sup.options.print(`care serve: ${actor} discarded the staged ${found.kind} of plug ${found.plug}`);
    return reply.status(204).send();
  });

  app.post("/applies", async (request, reply) => {
    const actor = actorOf(request);
    const record = await startApply(sup, parsed(applyRequestSchema, request.body ?? {}), actor);
    sup.options.print(`care serve: ${actor} started apply ${record.id}`);
    return reply.status(202).send(record);
  });
  app.get("/applies", async () => ({ items: withLive(sup, await sup.journal.records()) }));
  app.get("/applies/:id", async (request) => {
    const id = (request.params as { id: string }).id;
    const found = withLive(sup, await sup.journal.records()).find((record) => record.id === id);
    if (!found) throw new ControlError(404, "apply_unknown", `no apply has the id "${id}"`, "list them with GET /applies");
    return found;
  });

  await listenOnSocket(app, sup.site.socket, sup.site.siteDir);
  return app;
}

/** The journal's records, the running one as it stands now. */
function withLive<T extends { id: string }>(sup: Supervisor, records: T[]): T[] {
  const live = sup.applyingRecord();
  return live ? records.map((record) => (record.id === live.id ? (live as unknown as T) : record)) : records;
}

function actorOf(request: FastifyRequest): string {
  const actor = decodeHeaderValue(request.headers[actorHeader]);
  if (!actor) throw new ControlError(400, "actor_missing", `say who asks in the ${actorHeader} header`);
  return actor;
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
  throw new ControlError(400, "invalid_request", `the request's body is not valid: ${issues.join("; ")}`);
}

/**
 * Listens on the socket, readable and writable by this user only. A socket file left by a killed
 * supervisor is removed first (the lock says none runs). A socket in the temporary folder (the site
 * folder's path is too long for one) lives in a folder of its own, mode 0700.
 */
async function listenOnSocket(app: FastifyInstance, socket: string, siteDir: string): Promise<void> {
  const folder = dirname(socket);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const owner = await stat(folder);
  if (folder !== siteDir && (owner.uid !== process.getuid?.() || (owner.mode & 0o077) !== 0)) {
    throw new CareCliError(`${folder} (the control socket's folder) is not this user's alone (mode ${(owner.mode & 0o777).toString(8)})`, {
      code: "supervisor_socket_unsafe",
      hint: `remove ${folder}, then start care serve again`,
    });
  }
  await rm(socket, { force: true });
  const umask = process.umask(0o177);
  try {
    await app.listen({ path: socket });
  } finally {
    process.umask(umask);
  }
  await chmod(socket, 0o600);
}
