import { CareError } from "@care/core";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { archiveInspectionSchema } from "../supervision/archive-inspection.js";
import { applyRecordSchema } from "../supervision/apply-record.js";
import { supervisorClient, type SupervisorClient } from "../supervision/client.js";
import { decodeHeaderValue, fileNameHeader } from "../supervision/headers.js";
import { stagedChangeSchema, stageRequestSchema } from "../supervision/staged-change.js";
import { SupervisorError } from "../supervision/supervisor-error.js";
import type { SupervisorProblem } from "../supervision/supervisor-problem.js";
import { supervisorStatusSchema } from "../supervision/supervisor-status.js";
import { actorName } from "./admin-access.js";
import { adminErrors, idParams, noQuery } from "./admin-answers.js";

export interface SupervisorRelayOptions {
  /** The deployment's name, for the hint of not_supervised. */
  deployment: string;
  /** CARE_SUPERVISOR_SOCKET: set by care serve when it runs this deployment. */
  socketPath: string | undefined;
}

/** An uploaded archive may be this large; the rest of the API keeps the core's 1 MiB. */
export const archiveBodyLimit = 64 * 1024 * 1024;

const tags = ["admin"];
const relayed = "Administrators only. Relayed to the supervisor (care serve), whose status and error body are answered unchanged.";
const problemAnswer = (problem: SupervisorProblem) => ({ error: problem });

/**
 * The routes that go through the supervisor: inspect an archive, stage, list and discard changes,
 * apply them and read the journal. Without a supervisor they answer 503 not_supervised (except
 * `GET /admin/supervisor`, which says whether there is one); one that does not answer is 502.
 */
export async function supervisorRoutes(scope: FastifyInstance, options: SupervisorRelayOptions): Promise<void> {
  const client = options.socketPath === undefined ? undefined : supervisorClient(options.socketPath);
  const notSupervised: SupervisorProblem = {
    code: "not_supervised",
    message: "this deployment does not run under care serve, so plug changes cannot be staged or applied from here",
    hint: `start it with care serve -d ${options.deployment} on the site's server`,
    details: [],
  };

  /** Runs `call` on the supervisor and answers `status` with its result, or the supervisor's refusal as it came. */
  const relay =
    <T>(status: number, call: (supervisor: SupervisorClient, request: FastifyRequest) => Promise<T>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      if (!client) return reply.status(503).send(problemAnswer(notSupervised));
      try {
        const answer = await call(client, request);
        return status === 204 ? reply.status(204).send() : reply.status(status).send(answer);
      } catch (error) {
        if (error instanceof SupervisorError) return reply.status(error.status).send(problemAnswer(error.problem));
        throw error;
      }
    };

  scope.get(
    "/supervisor",
    {
      schema: {
        summary: "Whether the deployment runs under care serve, and what the supervisor runs",
        description: "Administrators only. Answers 200 with or without a supervisor; `problem` says why its status is missing.",
        tags,
        querystring: noQuery,
        response: {
          200: z.object({
            supervised: z.boolean(),
            status: supervisorStatusSchema.nullable(),
            problem: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).nullable(),
          }),
          ...adminErrors(400, 401, 403),
        },
      },
    },
    async () => {
      if (!client) return { supervised: false, status: null, problem: null };
      try {
        return { supervised: true, status: await client.status(), problem: null };
      } catch (error) {
        if (!(error instanceof SupervisorError)) throw error;
        const { code, message, hint } = error.problem;
        return { supervised: true, status: null, problem: { code, message, ...(hint !== undefined && { hint }) } };
      }
    },
  );

  // Its own scope: only this route reads raw bytes, and only it takes up to 64 MiB.
  await scope.register(async (upload) => {
    // Said before the bytes are read: without a supervisor there is nothing to receive them.
    upload.addHook("onRequest", async (_request, reply) => {
      if (!client) return reply.status(503).send(problemAnswer(notSupervised));
    });
    upload.addContentTypeParser("application/octet-stream", { parseAs: "buffer", bodyLimit: archiveBodyLimit }, (_request, body, done) =>
      done(null, body),
    );
    upload.post(
      "/archives",
      {
        bodyLimit: archiveBodyLimit,
        schema: {
          summary: "Inspect a plug archive (.tgz) without running any of its code: what it is, who signed it, what it would change",
          description:
            `${relayed} The body is the archive's bytes, as application/octet-stream (at most 64 MiB); the header ` +
            `${fileNameHeader} may name the file (percent-encoded). Nothing is staged: POST /admin/changes with the token does.`,
          tags,
          querystring: noQuery,
          response: { 200: archiveInspectionSchema, ...adminErrors(400, 401, 403, 413, 415, 422, 502, 503) },
        },
      },
      relay(200, (supervisor, request) => {
        const bytes = request.body;
        if (!Buffer.isBuffer(bytes) || bytes.byteLength === 0) {
          throw new CareError(
            "validation_failed",
            "send the plug archive's bytes as the body, with content-type application/octet-stream",
            [{ path: "(body)", message: "is empty" }],
          );
        }
        return supervisor.inspect(bytes, actorName(request), decodeHeaderValue(request.headers[fileNameHeader]));
      }),
    );
  });

  scope.post(
    "/changes",
    {
      schema: {
        summary: "Stage a change: an inspected archive (by its token), or switching a plug off, on, or removing it",
        description: `${relayed} Staged changes wait for the next apply; every administrator sees them.`,
        tags,
        querystring: noQuery,
        body: stageRequestSchema,
        response: { 201: stagedChangeSchema, ...adminErrors(400, 401, 403, 404, 409, 422, 502, 503) },
      },
    },
    relay(201, (supervisor, request) => supervisor.stage(request.body as z.infer<typeof stageRequestSchema>, actorName(request))),
  );
  scope.get(
    "/changes",
    {
      schema: {
        summary: "List the staged changes",
        description: relayed,
        tags,
        querystring: noQuery,
        response: { 200: z.object({ items: z.array(stagedChangeSchema) }), ...adminErrors(400, 401, 403, 502, 503) },
      },
    },
    relay(200, (supervisor) => supervisor.changes()),
  );
  scope.delete(
    "/changes/:id",
    {
      schema: {
        summary: "Discard a staged change",
        description: relayed,
        tags,
        params: idParams("staged change"),
        querystring: noQuery,
        response: { 204: z.undefined().describe("discarded"), ...adminErrors(400, 401, 403, 404, 409, 502, 503) },
      },
    },
    relay(204, (supervisor, request) => supervisor.discard((request.params as { id: string }).id, actorName(request))),
  );
  scope.post(
    "/applies",
    {
      schema: {
        summary: "Apply the staged changes: build offline, rehearse, back up, migrate, restart, and roll back if the health gate fails",
        description: `${relayed} Answers 202 at once with the running apply; follow it with GET /admin/applies/:id.`,
        tags,
        querystring: noQuery,
        body: z.strictObject({}).describe("nothing: the console applies what is staged"),
        response: { 202: applyRecordSchema, ...adminErrors(400, 401, 403, 409, 502, 503) },
      },
    },
    relay(202, (supervisor, request) => supervisor.apply({}, actorName(request))),
  );
  scope.get(
    "/applies",
    {
      schema: {
        summary: "List the applies, newest first: who, what, when, and each step's result",
        description: relayed,
        tags,
        querystring: noQuery,
        response: { 200: z.object({ items: z.array(applyRecordSchema) }), ...adminErrors(400, 401, 403, 502, 503) },
      },
    },
    relay(200, (supervisor) => supervisor.applies()),
  );
  scope.get(
    "/applies/:id",
    {
      schema: {
        summary: "Read one apply, with each step's status and detail",
        description: relayed,
        tags,
        params: idParams("apply"),
        querystring: noQuery,
        response: { 200: applyRecordSchema, ...adminErrors(400, 401, 403, 404, 502, 503) },
      },
    },
    relay(200, (supervisor, request) => supervisor.apply((request.params as { id: string }).id)),
  );
}
