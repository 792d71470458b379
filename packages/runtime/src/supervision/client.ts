import { request } from "node:http";
import { z } from "zod";
import { archiveInspectionSchema, type ArchiveInspection } from "./archive-inspection.js";
import { applyRecordSchema, type ApplyRecord, type ApplyRequest } from "./apply-record.js";
import { actorHeader, encodeHeaderValue, fileNameHeader } from "./headers.js";
import { stagedChangeSchema, type StagedChange, type StageRequest } from "./staged-change.js";
import { SupervisorError } from "./supervisor-error.js";
import { supervisorProblemSchema } from "./supervisor-problem.js";
import { supervisorStatusSchema, type SupervisorStatus } from "./supervisor-status.js";

export interface SupervisorClientOptions {
  /** How long to wait for an answer before giving up (default 60 s: inspecting a large archive takes a while). */
  timeoutMs?: number;
}

/** The supervisor's control API, as its clients (the admin API, the CLI) call it over its unix socket. */
export interface SupervisorClient {
  readonly socketPath: string;
  status(): Promise<SupervisorStatus>;
  inspect(bytes: Uint8Array, actor: string, fileName?: string): Promise<ArchiveInspection>;
  stage(stageRequest: StageRequest, actor: string): Promise<StagedChange>;
  changes(): Promise<{ items: StagedChange[] }>;
  discard(id: string, actor: string): Promise<void>;
  /** Starts an apply of what is staged (or of a bundle tarball on the server: the CLI only); answers the running record. */
  apply(applyRequest: ApplyRequest, actor: string): Promise<ApplyRecord>;
  /** One apply's record, by its id. */
  apply(id: string): Promise<ApplyRecord>;
  /** The apply journal, newest first. */
  applies(): Promise<{ items: ApplyRecord[] }>;
}

interface Call {
  method: "GET" | "POST" | "DELETE";
  path: string;
  actor?: string;
  json?: unknown;
  bytes?: Uint8Array;
  fileName?: string;
}

const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A client of the supervisor listening on `socketPath`; each refusal becomes a SupervisorError with its status. */
export function supervisorClient(socketPath: string, options: SupervisorClientOptions = {}): SupervisorClient {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const call = <T>(schema: z.ZodType<T>, spec: Call): Promise<T> =>
    send(socketPath, timeoutMs, spec).then(({ status, body }) => answerOf(schema, status, body, spec));
  const applyOrRecord = (input: ApplyRequest | string, actor?: string): Promise<ApplyRecord> =>
    typeof input === "string"
      ? call(applyRecordSchema, { method: "GET", path: `/applies/${encodeURIComponent(input)}` })
      : call(applyRecordSchema, { method: "POST", path: "/applies", json: input, actor });
  return {
    socketPath,
    status: () => call(supervisorStatusSchema, { method: "GET", path: "/status" }),
    inspect: (bytes, actor, fileName) => call(archiveInspectionSchema, { method: "POST", path: "/archives", bytes, actor, fileName }),
    stage: (stageRequest, actor) => call(stagedChangeSchema, { method: "POST", path: "/changes", json: stageRequest, actor }),
    changes: () => call(listOf(stagedChangeSchema), { method: "GET", path: "/changes" }),
    discard: (id, actor) => call(z.undefined(), { method: "DELETE", path: `/changes/${encodeURIComponent(id)}`, actor }).then(() => {}),
    apply: applyOrRecord as SupervisorClient["apply"],
    applies: () => call(listOf(applyRecordSchema), { method: "GET", path: "/applies" }),
  };
}

function answerOf<T>(schema: z.ZodType<T>, status: number, body: unknown, spec: Call): T {
  if (status < 200 || status > 299) throw refusalOf(status, body, spec);
  const parsed = schema.safeParse(status === 204 ? undefined : body);
  if (parsed.success) return parsed.data;
  throw new SupervisorError(502, {
    code: "supervisor_answer_invalid",
    message: `the supervisor's answer to ${spec.method} ${spec.path} is not what this Care expects: ${z.prettifyError(parsed.error)}`,
    hint: "run the supervisor (care serve) and the deployment from the same Care version: restart care serve after upgrading Care",
  });
}

function refusalOf(status: number, body: unknown, spec: Call): SupervisorError {
  const problem = supervisorProblemSchema.safeParse(body);
  if (problem.success) return new SupervisorError(status, problem.data.error);
  return new SupervisorError(status >= 500 ? status : 502, {
    code: "supervisor_answer_invalid",
    message: `the supervisor answered ${spec.method} ${spec.path} with status ${status} and no error code`,
    hint: "look at the output of care serve for what went wrong",
  });
}

function send(socketPath: string, timeoutMs: number, spec: Call): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (spec.actor !== undefined) headers[actorHeader] = encodeHeaderValue(spec.actor);
  if (spec.fileName !== undefined) headers[fileNameHeader] = encodeHeaderValue(spec.fileName);
  let payload: Uint8Array | undefined;
  if (spec.bytes !== undefined) {
    payload = spec.bytes;
    headers["content-type"] = "application/octet-stream";
  } else if (spec.json !== undefined) {
    payload = Buffer.from(JSON.stringify(spec.json));
    headers["content-type"] = "application/json";
  }
  if (payload !== undefined) headers["content-length"] = String(payload.byteLength);
  return new Promise((resolve, reject) => {
    const outgoing = request({ socketPath, path: spec.path, method: spec.method, headers, timeout: timeoutMs, agent: false }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("error", (error) => reject(unreachable(socketPath, error)));
      answer.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: answer.statusCode ?? 502, body: parseBody(text) });
      });
    });
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
    outgoing.on("error", (error) => reject(unreachable(socketPath, error)));
    outgoing.end(payload);
  });
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const unreachable = (socketPath: string, cause: Error): SupervisorError =>
  new SupervisorError(
    502,
    {
      code: "supervisor_unreachable",
      message: `the supervisor does not answer on ${socketPath} (${cause.message})`,
      hint: "check that care serve still runs for this deployment; start it again with care serve -d <deployment>",
    },
    cause,
  );
