import { spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extract } from "tar";

/** Cutting the network needs a network namespace of our own (root, as on CI machines). */
export const canCutNetwork = spawnSync("unshare", ["-n", "true"]).status === 0;

/** What a bundle did when started with node alone on a machine with only loopback. */
export interface OfflineRun {
  /** The unpacked folder (the caller removes `site`). */
  site: string;
  output: string;
  health?: { status: string; plugs: Array<{ id: string; version: string; state: string }> };
  /** The status and body of each GET route asked, as an admin. */
  routes: Record<string, { status: number; body: string }>;
  /** Whether the internet was reachable from inside ("unreachable" is the point). */
  outside: string;
  error?: string;
}

/**
 * Runs inside the namespace: starts the unpacked bundle, asks it, stops it, prints what it saw. With
 * `patient`, it first registers a facility and a patient, and routes' `:patientId` name that patient.
 */
const probe = (routes: string[], patient: boolean) => `
import { spawn } from "node:child_process";
const server = spawn(process.execPath, ["dist/main.js"], { env: { ...process.env, PORT: "3999", LOG_LEVEL: "warn" } });
let output = "";
server.stdout.on("data", (chunk) => (output += chunk));
server.stderr.on("data", (chunk) => (output += chunk));
const deadline = Date.now() + 60000;
while (!output.includes("is running at") && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 100));
const base = "http://127.0.0.1:3999";
const result = { routes: {} };
try {
  result.health = await (await fetch(base + "/health")).json();
  const login = await fetch(base + "/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "offline-admin-pw" }),
  });
  const { token } = await login.json();
  const headers = { authorization: "Bearer " + token, "content-type": "application/json" };
  let patientId = "00000000-0000-7000-8000-000000000000";
  if (${patient}) {
    const post = async (path, body) => (await fetch(base + path, { method: "POST", headers, body: JSON.stringify(body) })).json();
    const facility = await post("/api/v1/facilities", { name: "Offline Clinic", kind: "clinic" });
    const ada = { facilityId: facility.id, name: "Ada Offline", birthDate: "1990-01-01", sex: "female" };
    const created = await post("/api/v1/patients", ada);
    patientId = created.id;
    await new Promise((r) => setTimeout(r, 500)); // after-commit handlers run just after the answer
  }
  for (const route of ${JSON.stringify(routes)}) {
    const response = await fetch(base + route.replace(":patientId", patientId), { headers });
    result.routes[route] = { status: response.status, body: await response.text() };
  }
  result.outside = await fetch("http://registry.npmjs.org/", { signal: AbortSignal.timeout(3000) })
    .then(() => "reached", () => "unreachable");
} catch (error) { result.error = String(error); }
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));
result.output = output;
console.log(JSON.stringify(result));
`;

/**
 * Unpacks a deployment bundle (.tgz from `care bundle`) into a new folder and starts it there with
 * `node dist/main.js` inside `unshare -n` (loopback only, no pnpm involved), then asks /health and
 * the given routes.
 */
export async function startBundleOffline(
  archive: string,
  folder: string,
  routes: string[],
  options: { patient?: boolean } = {},
): Promise<OfflineRun> {
  const site = await mkdtemp(join(tmpdir(), "care-offline-site-"));
  await extract({ file: archive, cwd: site });
  const app = join(site, folder);
  await writeFile(join(app, "probe.mjs"), probe(routes, options.patient ?? false));
  const run = spawnSync("unshare", ["-n", "sh", "-c", "ip link set lo up && node probe.mjs"], {
    cwd: app,
    encoding: "utf8",
    env: { PATH: process.env.PATH, CARE_DATA_DIR: join(site, "data"), CARE_ADMIN_PASSWORD: "offline-admin-pw" },
    timeout: 120_000,
  });
  const last = run.stdout.trim().split("\n").pop() ?? "";
  try {
    return { site, ...(JSON.parse(last) as Omit<OfflineRun, "site">) };
  } catch {
    return {
      site,
      output: `${run.stdout}${run.stderr}`,
      routes: {},
      outside: "unknown",
      error: `the probe printed no result (exit ${run.status})`,
    };
  }
}
