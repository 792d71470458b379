import { createHash, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A stand-in for `care serve`'s control API on a unix socket, for the console's screens: it answers the
 * contract's shapes (which the runtime checks before relaying them) with a fixed story, and records what
 * it was sent. An archive holding TAMPERED is refused; one holding UPGRADE is an upgrade of lab; any other
 * is a new plug, vitals. An apply ends after two readings, rolled back at the health gate.
 */
export interface SupervisorDouble {
  socketPath: string;
  /** What the runtime relayed: each request's method, path, actor header and body digest. */
  received: Array<{ method: string; path: string; actor: string | undefined; fileName: string | undefined; sha256: string | null }>;
  close(): Promise<void>;
}

export const tamperedMarker = "TAMPERED";
export const upgradeMarker = "UPGRADE";
export const refusal = {
  code: "archive_checksum_mismatch",
  message: "package/dist/index.js does not match the checksum recorded when the archive was packed: it was changed since",
  hint: "ask the publisher for the archive again; do not install this one",
};
export const rollbackMessage =
  "vitals 0.1.0 was not ready within 30 s after the migration; the backup was restored and the previous release started";

const now = () => new Date().toISOString();
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const metadata = {
  license: "Apache-2.0",
  author: "Acme Health",
  homepage: "https://acme.example/vitals",
  repository: "git+ssh://git@acme.example/vitals.git",
};

function inspectionOf(bytes: Buffer, name: string, token: string) {
  const upgrade = bytes.includes(upgradeMarker);
  return {
    token,
    file: { name, sha256: sha256(bytes), bytes: bytes.byteLength },
    change: upgrade ? "upgrade" : "add",
    plug: upgrade
      ? { id: "lab", package: "@care-plugs/lab", version: "1.3.0", description: "Lab orders", ...metadata }
      : { id: "vitals", package: "@acme/care-plug-vitals", version: "0.1.0", description: "Records a patient's vital signs", ...metadata },
    signature: { status: "signed", signedBy: "Acme Health", fingerprint: "SHA256:q8v2YhW0c0mA1kq3p9QfZk7lG2nD5vX4bJt6sR1uE0o" },
    core: { range: "^0.1.0", compatible: true },
    contract: "1",
    dependencies: upgrade ? [] : [{ id: "lab", range: "^1.0.0" }],
    coreTables: [{ table: "core.patients", access: ["select", "references"] }],
    outsideHosts: upgrade ? [] : ["api.vitals.example"],
    ui: true,
    needsNetwork: [],
    upgrade: upgrade
      ? {
          from: "1.2.0",
          steps: [{ from: "1.2.0", to: "1.3.0", file: "upgrade/1.2.0_1.3.0.sql" }],
          declarationChanges: [{ field: "outsideHosts", before: [], after: ["lims.example"] }],
        }
      : null,
  };
}

const stepNames = ["build", "rehearse", "backup", "stop", "migrate", "start", "health", "restore", "restart-previous"] as const;

export async function startSupervisorDouble(): Promise<SupervisorDouble> {
  const socketPath = join(tmpdir(), `care-console-${randomUUID().slice(0, 8)}.sock`);
  const received: SupervisorDouble["received"] = [];
  const incoming = new Map<string, ReturnType<typeof inspectionOf>>();
  let changes: Array<Record<string, unknown>> = [];
  const applies: Array<Record<string, unknown> & { id: string; result: string }> = [];
  const readings = new Map<string, number>();

  const answer = (response: ServerResponse, status: number, body?: unknown) => {
    response.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const refuse = (response: ServerResponse, status: number, code: string, message: string) =>
    answer(response, status, { error: { code, message } });

  /** The apply, read once more: after two readings it has ended, rolled back at the health gate. */
  const read = (record: (typeof applies)[number]) => {
    const count = (readings.get(record.id) ?? 0) + 1;
    readings.set(record.id, count);
    if (count >= 2 && record.result === "running") {
      const at = now();
      Object.assign(record, {
        result: "rolled-back",
        finishedAt: at,
        failedStep: "health",
        message: rollbackMessage,
        steps: stepNames.map((name) => ({
          name,
          status: name === "health" ? "failed" : "ok",
          startedAt: at,
          finishedAt: at,
          detail: name === "health" ? "GET /health/ready answered 503 for 30 s" : null,
        })),
      });
    }
    return record;
  };

  async function handle(request: IncomingMessage, response: ServerResponse, body: Buffer) {
    const { method = "GET", url = "/" } = request;
    const actor = request.headers["x-care-actor"] as string | undefined;
    const fileName = request.headers["x-care-file-name"] as string | undefined;
    received.push({ method, path: url, actor, fileName, sha256: body.byteLength > 0 ? sha256(body) : null });
    const running = applies.find((record) => record.result === "running") ?? null;
    if (method === "GET" && url === "/status") {
      return answer(response, 200, {
        deployment: "demo",
        release: "demo-0.1.0-r1",
        startedAt: "2025-01-06T08:00:00.000Z",
        applying: running,
      });
    }
    if (method === "POST" && url === "/archives") {
      if (body.includes(tamperedMarker)) return answer(response, 422, { error: refusal });
      const token = randomUUID();
      const inspection = inspectionOf(body, decodeURIComponent(fileName ?? "upload.tgz"), token);
      incoming.set(token, inspection);
      return answer(response, 200, inspection);
    }
    if (method === "POST" && url === "/changes") {
      const inspection = incoming.get((JSON.parse(body.toString("utf8")) as { token?: string }).token ?? "");
      if (!inspection) return refuse(response, 404, "staged_upload_unknown", "no inspected upload has this token");
      incoming.delete(inspection.token);
      const change = {
        id: randomUUID(),
        kind: inspection.change,
        plug: inspection.plug.id,
        package: inspection.plug.package,
        version: inspection.plug.version,
        fromVersion: inspection.upgrade?.from ?? null,
        archive: { name: inspection.file.name, sha256: inspection.file.sha256 },
        stagedBy: actor ?? "unknown",
        stagedAt: now(),
      };
      changes.push(change);
      return answer(response, 201, change);
    }
    if (method === "GET" && url === "/changes") return answer(response, 200, { items: changes });
    if (method === "DELETE" && url.startsWith("/changes/")) {
      const id = decodeURIComponent(url.slice("/changes/".length));
      if (!changes.some((change) => change.id === id)) return refuse(response, 404, "staged_change_unknown", `no staged change ${id}`);
      changes = changes.filter((change) => change.id !== id);
      return answer(response, 204);
    }
    if (method === "POST" && url === "/applies") {
      if (changes.length === 0 || running) return refuse(response, 409, "nothing_staged", "nothing is staged");
      const record = {
        id: randomUUID(),
        by: actor ?? "unknown",
        startedAt: now(),
        finishedAt: null,
        changes,
        bundle: null,
        result: "running",
        failedStep: null,
        message: null,
        steps: [{ name: "build", status: "running", startedAt: now(), finishedAt: null, detail: null }],
      };
      changes = [];
      applies.unshift(record);
      return answer(response, 202, record);
    }
    if (method === "GET" && url === "/applies") return answer(response, 200, { items: applies });
    if (method === "GET" && url.startsWith("/applies/")) {
      const record = applies.find((candidate) => candidate.id === decodeURIComponent(url.slice("/applies/".length)));
      return record ? answer(response, 200, read(record)) : refuse(response, 404, "apply_unknown", "no such apply");
    }
    return refuse(response, 404, "not_found", `${method} ${url} is no route of the control API`);
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => void handle(request, response, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    received,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(socketPath, { force: true });
    },
  };
}
