import type { ReleaseProcess } from "./release-process.js";

const pollMs = 500;
const probeTimeoutMs = 2_000;

/** Why a release did not pass: said for the journal, with where to look. */
export class GateFailure extends Error {}

/** Resolves with the URL once the process printed its banner; fails if it exits first or takes longer than `timeoutMs`. */
export async function untilServing(proc: ReleaseProcess, timeoutMs: number): Promise<string> {
  const deadline = proc.started + timeoutMs;
  while (proc.url === undefined) {
    if (!proc.running) throw new GateFailure(`the process exited (${await proc.exited}) before it served`);
    if (Date.now() > deadline) throw new GateFailure(`it did not serve within ${timeoutMs / 1000} s (--start-timeout)`);
    await sleep(100);
  }
  return proc.url;
}

/**
 * The health gate: GET /health/ready must answer 200, first within the start timeout, then at every
 * probe for `windowMs`. The process exiting, an answer other than 200, or no answer fails it.
 */
export async function holdReady(proc: ReleaseProcess, options: { startTimeoutMs: number; windowMs: number }): Promise<string> {
  const url = `${await untilServing(proc, options.startTimeoutMs)}/health/ready`;
  const readyBy = proc.started + options.startTimeoutMs;
  let last = await probe(url);
  while (last.status !== 200) {
    if (!proc.running) throw new GateFailure(`the process exited (${await proc.exited}) before it was ready`);
    if (Date.now() > readyBy) throw new GateFailure(`${url} did not answer 200 within ${options.startTimeoutMs / 1000} s: ${last.said}`);
    await sleep(pollMs);
    last = await probe(url);
  }
  const ready = Date.now();
  while (Date.now() - ready < options.windowMs) {
    await sleep(pollMs);
    if (!proc.running) throw new GateFailure(`the process exited (${await proc.exited}) ${seconds(Date.now() - ready)} after it was ready`);
    last = await probe(url);
    if (last.status !== 200) throw new GateFailure(`${url} answered ${last.said} ${seconds(Date.now() - ready)} after it was ready`);
  }
  return options.windowMs > 0 ? `${url} answered 200 for ${seconds(options.windowMs)}` : `${url} answered 200`;
}

async function probe(url: string): Promise<{ status: number; said: string }> {
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(probeTimeoutMs) });
    const text = await answer.text();
    if (answer.status === 200) return { status: 200, said: "200" };
    let reason = "";
    try {
      const body = JSON.parse(text) as { reason?: string };
      if (body.reason) reason = `: ${body.reason}`;
    } catch {
      // Not the runtime's JSON: the status says enough.
    }
    return { status: answer.status, said: `${answer.status}${reason}` };
  } catch (error) {
    return { status: 0, said: `no answer (${(error as Error).message})` };
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
