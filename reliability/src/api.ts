import { adminPassword, startProcess, type DeploymentProcess } from "./deployment.js";

export interface Answer {
  status: number;
  body: any;
}

const requestTimeoutMs = 10_000;

/** A client of one deployment's HTTP API, signed in as `admin`. */
export class Api {
  token = "";

  constructor(readonly url: string) {}

  static async signIn(url: string): Promise<Api> {
    const api = new Api(url);
    const { status, body } = await api.request("POST", "/api/v1/auth/login", { username: "admin", password: adminPassword });
    if (status !== 200) throw new Error(`login at ${url} answered ${status}: ${JSON.stringify(body)}`);
    api.token = body.token;
    return api;
  }

  /** Throws on a network failure or a timeout (no answer); any HTTP answer is returned. */
  async request(method: string, path: string, body?: unknown, timeoutMs = requestTimeoutMs): Promise<Answer> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    return { status: response.status, body: parsed };
  }

  async createFacility(name: string): Promise<string> {
    const { status, body } = await this.request("POST", "/api/v1/facilities", { name, kind: "hospital" });
    if (status !== 201) throw new Error(`creating facility ${name} answered ${status}: ${JSON.stringify(body)}`);
    return body.id;
  }

  /** Every patient of the facility: id and name, page by page. */
  async patients(facilityId: string): Promise<Array<{ id: string; name: string }>> {
    const found: Array<{ id: string; name: string }> = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ facilityId, limit: "200", ...(cursor && { cursor }) });
      const { status, body } = await this.request("GET", `/api/v1/patients?${query}`, undefined, 30_000);
      if (status !== 200) throw new Error(`listing patients answered ${status}: ${JSON.stringify(body)}`);
      for (const patient of body.items) found.push({ id: patient.id, name: patient.name });
      cursor = body.nextCursor ?? undefined;
    } while (cursor);
    return found;
  }

  async health(path = "/health/ready"): Promise<number | "no answer"> {
    try {
      return (await this.request("GET", path, undefined, 5_000)).status;
    } catch {
      return "no answer";
    }
  }
}

/** The outcome of one write, as the client saw it. */
export type Outcome =
  | "201"
  | "503 database_unavailable"
  | `${number}`
  | `${number} ${string}`
  | "refused"
  | "reset"
  | "timeout"
  | "network";

export interface WriteEvent {
  at: number;
  outcome: Outcome;
  target: number;
}

/**
 * Writes patients as fast as `concurrency` clients can, round robin over `targets`, until stopped.
 * A write is acknowledged when the client got 201 with an id: those are the writes that must never
 * be lost. Every request carries a unique name, so a write stored twice shows up as a duplicate.
 */
export class WriteLoad {
  readonly acknowledged = new Map<string, string>(); // id → name
  readonly outcomes = new Map<Outcome, number>();
  readonly events: WriteEvent[] = [];
  sent = 0;
  private running = false;
  private workers: Promise<void>[] = [];
  private next = 0;

  constructor(
    private readonly targets: () => Array<Api | undefined>,
    private readonly facilityId: string,
    private readonly label: string,
  ) {}

  start(concurrency = 4): void {
    this.running = true;
    for (let worker = 0; worker < concurrency; worker += 1) this.workers.push(this.work());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers.splice(0));
  }

  /** Writes `count` patients one after another (no load, just data). */
  async writeSome(count: number): Promise<void> {
    for (let index = 0; index < count; index += 1) await this.writeOne();
  }

  get unacknowledged(): number {
    return this.sent - this.acknowledged.size;
  }

  /** Outcomes as "201×120, 503 database_unavailable×14". */
  summary(): string {
    return [...this.outcomes].map(([outcome, count]) => `${outcome}×${count}`).join(", ");
  }

  /** Time from `since` to the first acknowledged write after it, or undefined if there was none. */
  firstAcknowledgedAfter(since: number): number | undefined {
    const event = this.events.find((entry) => entry.at >= since && entry.outcome === "201");
    return event && event.at - since;
  }

  outcomesBetween(from: number, to: number): Map<Outcome, number> {
    const counts = new Map<Outcome, number>();
    for (const event of this.events) if (event.at >= from && event.at < to) counts.set(event.outcome, (counts.get(event.outcome) ?? 0) + 1);
    return counts;
  }

  private async work(): Promise<void> {
    while (this.running) {
      const outcome = await this.writeOne();
      // A refused connection answers at once: don't spin on a dead process.
      if (outcome !== "201" && !outcome.startsWith("4")) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async writeOne(): Promise<Outcome> {
    const targets = this.targets();
    const target = this.next++ % targets.length;
    const api = targets[target];
    const name = `${this.label} ${this.sent + 1}-${Math.random().toString(36).slice(2, 8)}`;
    let outcome: Outcome;
    if (!api) {
      outcome = "refused";
    } else {
      this.sent += 1;
      try {
        const { status, body } = await api.request("POST", "/api/v1/patients", {
          facilityId: this.facilityId,
          name,
          birthDate: "1990-01-01",
          sex: "unknown",
        });
        if (status === 201 && typeof body?.id === "string") {
          this.acknowledged.set(body.id, name);
          outcome = "201";
        } else {
          const code = typeof body?.error?.code === "string" ? ` ${body.error.code}` : "";
          outcome = `${status}${code}` as Outcome;
        }
      } catch (error) {
        outcome = networkOutcome(error);
      }
    }
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
    this.events.push({ at: Date.now(), outcome, target });
    return outcome;
  }
}

function networkOutcome(error: unknown): Outcome {
  const text = describeChain(error);
  if (/ECONNREFUSED/.test(text)) return "refused";
  if (/ECONNRESET|socket hang up|other side closed|UND_ERR_SOCKET/.test(text)) return "reset";
  if (/timeout|aborted/i.test(text)) return "timeout";
  return "network";
}

function describeChain(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const { name, message, code } = current as { name?: string; message?: string; code?: string };
    parts.push(`${name ?? ""} ${code ?? ""} ${message ?? String(current)}`);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(" | ");
}

/** Acknowledged writes missing from `present`, and names stored more than once. */
export function countLoss(
  acknowledged: Map<string, string>,
  present: Array<{ id: string; name: string }>,
): { lost: string[]; duplicated: number } {
  const ids = new Set(present.map((patient) => patient.id));
  const lost = [...acknowledged.keys()].filter((id) => !ids.has(id));
  const names = new Map<string, number>();
  for (const patient of present) names.set(patient.name, (names.get(patient.name) ?? 0) + 1);
  const duplicated = [...names.values()].reduce((sum, count) => sum + count - 1, 0);
  return { lost, duplicated };
}

/** Starts a deployment process and signs in once it serves. */
export async function serve(
  main: string,
  env: Record<string, string | undefined>,
): Promise<{ deployment: DeploymentProcess; api: Api; startedInMs: number }> {
  const began = Date.now();
  const deployment = startProcess(main, env);
  try {
    const api = await Api.signIn(await deployment.url());
    return { deployment, api, startedInMs: Date.now() - began };
  } catch (error) {
    await deployment.kill();
    throw error;
  }
}
