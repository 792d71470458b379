import autocannon from "autocannon";
import type { BenchDatabase } from "../databases.js";
import { eachDatabase, type BenchContext, type Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { baselineVisitsPath } from "../runtime/child/protocol.js";
import { startAndTime } from "../runtime/first-request.js";
import { HttpClient } from "../runtime/http-client.js";
import { freshStorage } from "../runtime/storage.js";
import { interleave, summarise } from "../stats.js";
import { generateDeployment } from "../synthetic/generate.js";

const adminPassword = "bench-admin-password";

/**
 * The same work behind a core route and a plug route of one running deployment (a child process
 * with 10 synthetic plugs), authenticated by bearer token; autocannon drives each in turn over
 * loopback from this process. Two pairs:
 * - GET: read one patient through the core service (the plug's context.core acting as the caller);
 * - POST: in one transaction, insert a visit into a table and read it back with the patient's latest
 *   visits: the plug in its own table with every statement as its role (context.transaction), the
 *   core route in a table of the same shape as the app role (core.unitOfWork.write).
 */
export const routes: Measurement = {
  name: "routes",
  title: "plug route against core route",
  run: (context) => eachDatabase(context, (database) => measureDatabase(context, database)),
};

interface Request {
  path: string;
  method: "GET" | "POST";
  body?: string;
}

async function measureDatabase(context: BenchContext, database: BenchDatabase): Promise<ResultRow[]> {
  const rounds = context.quick ? 2 : 6;
  const seconds = context.quick ? 1 : 3;
  const deployment = await generateDeployment(context.tmpDir, 10, "afterCommit");
  const storage = await freshStorage(database, context.tmpDir);
  const spec = {
    variant: "plugged" as const,
    manifestUrl: deployment.manifestUrl,
    featuresUrl: deployment.featuresUrl,
    storage: storage.spec,
    coreBaseline: true,
  };
  const { child, port } = await startAndTime(context.tmpDir, { ...spec, adminPassword, logLevel: "warn" });
  try {
    const client = await HttpClient.login(port, adminPassword);
    const [patient] = await client.registerPatients(1);
    const plug = deployment.ids[0]!;

    /** Runs each request of the pair in interleaved rounds; returns req/s and p99 samples by name. */
    const measurePair = async (requests: Record<"core" | "plug", Request>) => {
      const p99 = new Map<string, number[]>([
        ["core", []],
        ["plug", []],
      ]);
      const variants = Object.entries(requests).map(([name, request]) => ({
        name,
        run: async () => {
          const result = await autocannon({
            url: `${client.base}${request.path}`,
            method: request.method,
            connections: 10,
            duration: seconds,
            headers: { authorization: `Bearer ${client.token}`, ...(request.body && { "content-type": "application/json" }) },
            ...(request.body && { body: request.body }),
          });
          if (result.non2xx > 0 || result.errors > 0) {
            throw new Error(
              `${request.method} ${request.path}: ${result.non2xx} non-2xx answers, ${result.errors} errors ` +
                `(${await answerOf(client, request)})`,
            );
          }
          p99.get(name)!.push(result.latency.p99);
          return result.requests.average;
        },
      }));
      const samples = await interleave(variants, rounds);
      // The warm-up round's latencies are not samples.
      for (const list of p99.values()) list.splice(0, list.length - rounds);
      return { samples, p99 };
    };

    context.log(`${database.label}: GET, core and plug route × ${rounds} rounds of ${seconds} s`);
    const read = await measurePair({
      core: { method: "GET", path: `/api/v1/patients/${patient}` },
      plug: { method: "GET", path: `/api/plugs/${plug}/patients/${patient}` },
    });
    context.log(`${database.label}: POST own table, core and plug route × ${rounds} rounds of ${seconds} s`);
    const body = JSON.stringify({ patientId: patient, note: "bench visit" });
    const write = await measurePair({
      core: { method: "POST", path: baselineVisitsPath, body },
      plug: { method: "POST", path: `/api/plugs/${plug}/visits`, body },
    });

    const rows = (pair: typeof read, measurement: string, target: number, note: string): ResultRow[] => {
      const throughput = withRatio({
        measurement,
        database: database.label,
        case: "requests per second",
        unit: "req/s",
        better: "higher",
        result: summarise(pair.samples.get("plug")!),
        baseline: { name: "core route", result: summarise(pair.samples.get("core")!) },
        target: `≥ ${target.toFixed(2)} × core route`,
        note,
      });
      const latency = withRatio({
        measurement,
        database: database.label,
        case: "p99 latency",
        unit: "ms",
        better: "lower",
        result: summarise(pair.p99.get("plug")!),
        baseline: { name: "core route", result: summarise(pair.p99.get("core")!) },
        note: "99th percentile of each autocannon run; no target of its own, shown for the tail",
      });
      return [{ ...throughput, met: throughput.ratio! >= target }, latency];
    };
    const where = database.url
      ? "inside the core's transaction, so on the app's connection under the plug's role (set_config, sent with BEGIN, ended by " +
        "COMMIT: 5 round trips as the core route), each statement parsed and checked"
      : "on PGlite's one session under the plug's role (set_config), each statement parsed and checked";
    return [
      ...rows(
        read,
        "plug route",
        0.95,
        "GET one patient through core.patients.get (the plug's context.core acting as the caller); autocannon, 10 connections, " +
          "loopback; server logs at warn",
      ),
      ...rows(
        write,
        "plug route, own tables",
        0.9,
        `POST: one transaction inserting a visit and reading it back with the patient's latest 5 (3 statements); plug: ` +
          `context.transaction in plug_${plug}.visits, ${where}; core route: core.unitOfWork.write in bench_core.visits as the app ` +
          `role; same feature code and SQL; autocannon, 10 connections, loopback`,
      ),
    ];
  } finally {
    await child.stop();
    await storage.dispose();
  }
}

/** One request's answer, for the error of a run that got non-2xx answers. */
async function answerOf(client: HttpClient, request: Request): Promise<string> {
  try {
    const response = await fetch(`${client.base}${request.path}`, {
      method: request.method,
      headers: { authorization: `Bearer ${client.token}`, ...(request.body && { "content-type": "application/json" }) },
      ...(request.body && { body: request.body }),
    });
    return `one request answers ${response.status}: ${(await response.text()).slice(0, 300)}`;
  } catch (error) {
    return `one request failed: ${(error as Error).message}`;
  }
}
