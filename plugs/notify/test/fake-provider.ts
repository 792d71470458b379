import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** What the provider does with a key it has not accepted yet, on that key's `tryNumber`-th request. */
export type Answer = "unavailable" | "rate-limited" | "accept" | "reject" | "accept-then-drop" | "hang";
export type Policy = (key: string | undefined, tryNumber: number) => Answer;

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  key: string | undefined;
  body: { to?: string; message?: string; sender?: string };
  rawBody: string;
  /** The HTTP status answered, or "dropped" when the connection was cut without an answer. */
  answer: number | "dropped";
  /** A key accepted before: answered like the first time, nothing sent again. */
  replay: boolean;
}

/** By default: 503 to a message's first try, then 200 (the brief's "fails first, then works"). */
export const failFirstTry: Policy = (_key, tryNumber) => (tryNumber === 1 ? "unavailable" : "accept");

/**
 * An SMS provider on 127.0.0.1 that honours Idempotency-Key like a real one: a key it has accepted
 * is answered again with the same id and `idempotent-replayed: true`, and not sent twice. It echoes
 * the caller's Authorization header in its error bodies, so a plug that logs them would leak it.
 */
export async function startFakeProvider(initial: Policy = failFirstTry) {
  const requests: ReceivedRequest[] = [];
  const accepted = new Map<string, { id: string; body: ReceivedRequest["body"] }>();
  const tries = new Map<string, number>();
  let policy = initial;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const key = header(request.headers["idempotency-key"]);
      const seen: ReceivedRequest = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        key,
        body: parse(rawBody),
        rawBody,
        answer: 0,
        replay: false,
      };
      requests.push(seen);
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        seen.answer = status;
        response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
      };

      const previous = key === undefined ? undefined : accepted.get(key);
      if (previous) {
        seen.replay = true;
        return answer(200, { id: previous.id }, { "idempotent-replayed": "true" });
      }
      const tryNumber = (tries.get(key ?? "") ?? 0) + 1;
      tries.set(key ?? "", tryNumber);
      switch (policy(key, tryNumber)) {
        case "unavailable":
          return answer(503, { error: `temporarily unavailable (you sent ${request.headers.authorization})` });
        case "rate-limited":
          return answer(429, { error: "slow down" }, { "retry-after": "0" });
        case "hang":
          // Never answers: the caller's timeout has to give up (the connection is cut on close).
          seen.answer = "dropped";
          return;
        case "reject":
          return answer(400, { error: `invalid recipient; request carried ${request.headers.authorization}` });
        case "accept": {
          const id = `msg_${randomUUID()}`;
          if (key !== undefined) accepted.set(key, { id, body: seen.body });
          return answer(200, { id, status: "queued" });
        }
        case "accept-then-drop": {
          // Accepted and sent, but the answer never reaches the caller.
          if (key !== undefined) accepted.set(key, { id: `msg_${randomUUID()}`, body: seen.body });
          seen.answer = "dropped";
          request.socket.destroy();
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1/messages`,
    requests,
    /** Messages the provider took on, by Idempotency-Key: each is sent to a phone once. */
    accepted,
    setPolicy(next: Policy) {
      policy = next;
    },
    /** How many 2xx answers each key got. */
    successesByKey(): Map<string | undefined, number> {
      const counts = new Map<string | undefined, number>();
      for (const request of requests) {
        if (typeof request.answer === "number" && request.answer >= 200 && request.answer < 300)
          counts.set(request.key, (counts.get(request.key) ?? 0) + 1);
      }
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeProvider = Awaited<ReturnType<typeof startFakeProvider>>;

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function parse(text: string): ReceivedRequest["body"] {
  try {
    return JSON.parse(text) as ReceivedRequest["body"];
  } catch {
    return {};
  }
}
