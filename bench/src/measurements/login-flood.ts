import { buildHttpApp, coreVersion, createCore, migrateCore, openDatabase, systemActor, type Core } from "@care/core";
import type { BenchDatabase } from "../databases.js";
import { eachDatabase, type BenchContext, type Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { freshStorage } from "../runtime/storage.js";
import { interleave, summarise } from "../stats.js";

const floodSize = 40;
const realPassword = "violet tractor harbour";
/** The target for the flood a single attacker can send; a flood from many addresses is context. */
const target = 5;

/**
 * A real login's latency (until it is let in, following Retry-After as a client would) during a
 * flood of 40 concurrent wrong logins, against the same login on a quiet server, interleaved.
 * The core's app listens on a local port with its default login protection; it trusts
 * X-Forwarded-For so one machine can play many clients. The real user logs in from an address and
 * as a user of its own each sample, as a different person at the site would.
 */
export const loginFlood: Measurement = {
  name: "login-flood",
  title: "real login latency during a flood of wrong logins",
  run: (context) => eachDatabase(context, (database) => measureDatabase(context, database)),
};

type FastifyInstance = Awaited<ReturnType<typeof buildHttpApp>>;

interface Server {
  core: Core;
  app: FastifyInstance;
  base: string;
  /** Login requests the server has received so far. */
  received: () => number;
}

async function measureDatabase(context: BenchContext, database: BenchDatabase): Promise<ResultRow[]> {
  const rounds = context.quick ? 3 : 8;
  const storage = await freshStorage(database, context.tmpDir);
  const opened = await openDatabase(storage.spec);
  let app: FastifyInstance | undefined;
  try {
    await migrateCore(opened.db);
    const core = createCore({ database: opened });
    let received = 0;
    app = await buildHttpApp(core, {
      version: coreVersion,
      trustProxy: true,
      instrument: (instance) => instance.addHook("onRequest", async (request) => void (request.url === "/api/v1/auth/login" && received++)),
    });
    const base = await app.listen({ host: "127.0.0.1", port: 0 });
    const server: Server = { core, app, base, received: () => received };
    const people = await realUsers(core, 3 * (rounds + 1));
    const retries = { quiet: 0, oneAddress: 0, manyAddresses: 0 };
    const variants = [
      { name: "quiet", run: async () => (await realLogin(server, people.next().value!, retries, "quiet")).ms },
      { name: "oneAddress", run: () => duringFlood(server, people.next().value!, () => "198.51.100.1", retries, "oneAddress") },
      { name: "manyAddresses", run: () => duringFlood(server, people.next().value!, () => nextAddress(), retries, "manyAddresses") },
    ];
    context.log(`${database.label}: ${rounds} rounds of a quiet login and a login during each flood`);
    const samples = await interleave(variants, rounds);
    const baseline = { name: "quiet server", result: summarise(samples.get("quiet")!) };
    const common = {
      measurement: "real login during a login flood",
      database: database.label,
      unit: "ms",
      better: "lower" as const,
      baseline,
    };
    const oneAddress = withRatio({
      ...common,
      case: `${floodSize} wrong logins from one address`,
      result: summarise(samples.get("oneAddress")!),
      target: `≤ ${target.toFixed(2)} × quiet login`,
      note:
        `default limits; the attacker's address is rate-limited, delayed and holds at most 4 places in the checking line; ` +
        `${retries.oneAddress} retries after Retry-After in all samples`,
    });
    return [
      { ...common, case: "quiet server", result: baseline.result, baseline: undefined, note: "one login, nothing else running" },
      { ...oneAddress, met: oneAddress.ratio! <= target },
      withRatio({
        ...common,
        case: `${floodSize} wrong logins from ${floodSize} addresses`,
        result: summarise(samples.get("manyAddresses")!),
        note:
          `context: the checking line (2 at once, 8 waiting) refuses the rest with login_busy, the real login included when it ` +
          `finds no place; ${retries.manyAddresses} retries after Retry-After in all samples`,
      }),
    ];
  } finally {
    await app?.close();
    await opened.close();
    await storage.dispose();
  }
}

let addresses = 0;
/** A client address no sample used before, so no rate limit or delay carries over between samples. */
const nextAddress = () => {
  addresses += 1;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
};

/** Users of their own for each sample, so no sample meets the per-username limit another left. */
async function realUsers(core: Core, count: number): Promise<Iterator<string>> {
  const names = Array.from({ length: count }, (_, index) => `real.user.${index}`);
  for (const username of names) {
    await core.users.create(systemActor("bench"), { username, displayName: username, password: realPassword, roles: ["staff"] });
  }
  return names[Symbol.iterator]();
}

function post(server: Server, username: string, password: string, from: string) {
  return fetch(`${server.base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": from },
    body: JSON.stringify({ username, password }),
  });
}

/** Logs `username` in, waiting out each login_busy or rate refusal as its Retry-After says; the time until it is in. */
async function realLogin(server: Server, username: string, retries: Record<string, number>, variant: string): Promise<{ ms: number }> {
  const from = nextAddress();
  const began = performance.now();
  for (let attempt = 0; attempt < 30; attempt++) {
    const response = await post(server, username, realPassword, from);
    await response.text();
    if (response.status === 200) return { ms: performance.now() - began };
    if (response.status !== 429 && response.status !== 503) throw new Error(`the real login answered ${response.status}`);
    retries[variant]! += 1;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("retry-after") ?? 1) * 1000));
  }
  throw new Error("the real login was refused 30 times");
}

async function duringFlood(
  server: Server,
  username: string,
  from: (n: number) => string,
  retries: Record<string, number>,
  variant: string,
): Promise<number> {
  const before = server.received();
  const flood = Array.from({ length: floodSize }, (_, n) =>
    post(server, `flood.${addresses}.${n}`, "a wrong password here", from(n)).then((response) => response.text()),
  );
  // The real login starts once the whole flood has reached the server.
  while (server.received() - before < floodSize) await new Promise((resolve) => setImmediate(resolve));
  const { ms } = await realLogin(server, username, retries, variant);
  await Promise.all(flood);
  return ms;
}
