import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Receipt {
  key: string | undefined;
  patientId: string | undefined;
  pid: number | undefined;
  at: number;
  /** A key accepted before: answered with the first message id, nothing sent again. */
  replay: boolean;
  /**
   * False when the caller was gone before the answer (killed mid-request): the message went out, but
   * the plug never learned it, so its outbox row must come back and be delivered again.
   */
  answered: boolean;
}

/**
 * A message provider on 127.0.0.1 that honours Idempotency-Key like a real one (a key it accepted is
 * answered again with the same id and not sent twice), and takes `delayMs` per message, so that a
 * killed deployment dies with deliveries in flight.
 */
export async function startProvider(delayMs = 20) {
  const receipts: Receipt[] = [];
  const sent = new Map<string, { id: string; patientId: string | undefined }>();
  /** Requests received and not answered yet, by the sending process's pid. */
  const pending = new Map<number | undefined, number>();
  const arrivals: Array<(pid: number | undefined) => void> = [];
  /** When each killed sender got its SIGKILL: an answer after that never reached it. */
  const killedAt = new Map<number, number>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let body: { patientId?: string; pid?: number } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        // Counted with an undefined patient.
      }
      const key = request.headers["idempotency-key"] as string | undefined;
      pending.set(body.pid, (pending.get(body.pid) ?? 0) + 1);
      for (const waiter of arrivals.splice(0)) waiter(body.pid);
      setTimeout(() => {
        pending.set(body.pid, (pending.get(body.pid) ?? 1) - 1);
        const previous = key === undefined ? undefined : sent.get(key);
        // After a SIGKILL the answer reaches nobody, even before the kernel has closed the sender's
        // sockets (tearing down a large process takes a few milliseconds).
        const killed = body.pid !== undefined && killedAt.has(body.pid);
        const answered = !killed && !request.socket.destroyed && !request.socket.readableEnded;
        receipts.push({ key, patientId: body.patientId, pid: body.pid, at: Date.now(), replay: previous !== undefined, answered });
        const id = previous?.id ?? `msg_${randomUUID()}`;
        if (!previous && key !== undefined) sent.set(key, { id, patientId: body.patientId });
        response.writeHead(200, { "content-type": "application/json", ...(previous && { "idempotent-replayed": "true" }) });
        response.end(JSON.stringify({ id }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1/messages`,
    receipts,
    /** Messages sent once each, by Idempotency-Key. */
    sent,
    /** Call just before killing a sender: what it has on the wire is then cut off. */
    markKilled(pid: number): void {
      killedAt.set(pid, Date.now());
    },
    /** Deliveries in flight from process `pid` (any process when omitted). */
    inFlight(pid?: number): number {
      if (pid !== undefined) return pending.get(pid) ?? 0;
      return [...pending.values()].reduce((sum, count) => sum + count, 0);
    },
    /**
     * Waits up to `timeoutMs` for a new message from `pid` to arrive, so that a kill right after lands
     * with that message on the wire for its whole delay; false if none came.
     */
    async awaitArrival(pid: number, timeoutMs = 3000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) return false;
        const from = await new Promise<number | undefined | "timeout">((resolve) => {
          const waiter = (sender: number | undefined) => {
            clearTimeout(timer);
            resolve(sender);
          };
          const timer = setTimeout(() => {
            arrivals.splice(arrivals.indexOf(waiter), 1);
            resolve("timeout");
          }, remaining);
          arrivals.push(waiter);
        });
        if (from === "timeout") return false;
        if (from === pid) return true;
      }
    },
    /** Messages whose every request was cut off: the sender has not yet learned they went out. */
    unsettled(): string[] {
      const answered = new Set(receipts.filter((receipt) => receipt.answered).map((receipt) => receipt.key));
      return [...sent.keys()].filter((key) => !answered.has(key));
    },
    /** Messages cut off by a kill at least once (and so owed a redelivery). */
    cutOff(): number {
      return new Set(receipts.filter((receipt) => !receipt.answered).map((receipt) => receipt.key)).size;
    },
    /** Patients with at least one message. */
    deliveredPatients(): Set<string> {
      return new Set([...sent.values()].map((message) => message.patientId).filter((id): id is string => id !== undefined));
    },
    /**
     * Receipts beyond one per event (at-least-once redeliveries), and whether every one of them came
     * with the key of an earlier receipt for the same patient (so the provider dropped it).
     */
    duplicates(): { duplicated: number; absorbed: number; patientsWithSeveralKeys: number } {
      const keysByPatient = new Map<string, Set<string | undefined>>();
      for (const receipt of receipts) {
        if (receipt.patientId === undefined) continue;
        const keys = keysByPatient.get(receipt.patientId) ?? new Set();
        keys.add(receipt.key);
        keysByPatient.set(receipt.patientId, keys);
      }
      const patientsWithSeveralKeys = [...keysByPatient.values()].filter((keys) => keys.size > 1).length;
      const replays = receipts.filter((receipt) => receipt.replay).length;
      return { duplicated: receipts.length - sent.size, absorbed: replays, patientsWithSeveralKeys };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type Provider = Awaited<ReturnType<typeof startProvider>>;

/**
 * The plug the delivery scenarios deploy: a durable subscriber on `patient.created` that sends one
 * message per patient to the provider at RELIABILITY_PROVIDER_URL, the event id as Idempotency-Key
 * (as `plugs/notify` does). JavaScript source for `writeDeployment`.
 */
export const courierPlugSource = `[{ plug: definePlug({
  package: {
    name: "@care-reliability/courier",
    version: "1.0.0",
    care: { plug: { id: "courier", core: "*", contract: "^1.0.0", dependencies: {} } },
  },
  on: {
    "patient.created": {
      mode: "durable",
      async handle(payload, context) {
        const response = await fetch(process.env.RELIABILITY_PROVIDER_URL, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": context.eventId },
          body: JSON.stringify({ patientId: payload.patient.id, attempt: context.attempt, pid: process.pid }),
          signal: AbortSignal.timeout(5000),
        });
        await response.arrayBuffer();
        if (!response.ok) throw new Error("provider answered " + response.status);
      },
    },
  },
}) }]`;

/**
 * Waits until every patient in `owed` has a message and every message cut off by a kill has been
 * delivered again to a live sender (its outbox row came back), or `windowMs` passes. Returns the
 * patients still without a message, the messages still unsettled, and how long it took.
 */
export async function awaitDeliveries(
  provider: Provider,
  owed: Iterable<string>,
  windowMs: number,
): Promise<{ missing: string[]; unsettled: string[]; tookMs: number }> {
  const began = Date.now();
  const ids = [...owed];
  for (;;) {
    const delivered = provider.deliveredPatients();
    const missing = ids.filter((id) => !delivered.has(id));
    const unsettled = provider.unsettled();
    if ((missing.length === 0 && unsettled.length === 0) || Date.now() - began >= windowMs)
      return { missing, unsettled, tookMs: Date.now() - began };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
