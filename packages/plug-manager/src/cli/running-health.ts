import { z } from "zod";

/** What a running deployment's `/health/ready` says about itself and each plug. */
const readyAnswerSchema = z.object({
  status: z.enum(["ok", "degraded", "unavailable"]),
  version: z.string(),
  reason: z.string().optional(),
  plugs: z.array(
    z.object({
      id: z.string(),
      version: z.string(),
      state: z.string(),
      health: z
        .object({ status: z.enum(["ok", "failing"]), reason: z.string().optional(), required: z.boolean(), checkedAt: z.string() })
        .optional(),
    }),
  ),
});

export type ReadyAnswer = z.infer<typeof readyAnswerSchema>;

/** The running deployment's answer, or why there is none (nothing listens, or what answers is not Care). */
export type RunningHealth = { url: string; answer: ReadyAnswer } | { url: string; unreachable: string };

/** Above a probe's own 2 s database bound and the plugs' 1.5 s checks, so a slow answer still comes. */
const askTimeoutMs = 4_000;

/**
 * The address a deployment started with these settings listens on, as seen from this machine: a
 * wildcard host (all interfaces) is reached on loopback.
 */
export function localUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * Asks `<url>/health/ready`, which is public and shows no data: the plugs' own `health()` checks run
 * only inside the running deployment, with its configuration and its providers.
 */
export async function askRunningDeployment(url: string): Promise<RunningHealth> {
  const probe = `${url.replace(/\/+$/, "")}/health/ready`;
  let response: Response;
  try {
    response = await fetch(probe, { signal: AbortSignal.timeout(askTimeoutMs), headers: { accept: "application/json" } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { url, unreachable: cause === "ECONNREFUSED" ? "nothing listens there" : `no answer (${cause})` };
  }
  const parsed = readyAnswerSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) return { url, unreachable: `what answers there (HTTP ${response.status}) is not a Care deployment's /health/ready` };
  return { url, answer: parsed.data };
}

/** The lines `care status` prints for the running deployment. */
export function describeRunningHealth(running: RunningHealth): string[] {
  if ("unreachable" in running) {
    return [
      `running deployment at ${running.url}: ${running.unreachable}; the plugs' own checks run only in a running deployment (set ` +
        `--url to ask another address)`,
    ];
  }
  const { answer } = running;
  const lines = [
    `running deployment at ${running.url}: ${answer.status}${answer.reason ? ` (${answer.reason})` : ""}, core ${answer.version}`,
  ];
  if (answer.plugs.length === 0) lines.push("  no plugs");
  for (const plug of answer.plugs) {
    const check = plug.health
      ? plug.health.status === "ok"
        ? `check ok`
        : `check failing${plug.health.required ? " (required: the deployment is not ready)" : " (optional: degraded)"}: ` +
          `${plug.health.reason ?? "no reason given"}`
      : "no check";
    lines.push(`  ${plug.id.padEnd(16)} ${plug.version.padEnd(10)} ${plug.state.padEnd(10)} ${check}`);
  }
  return lines;
}
