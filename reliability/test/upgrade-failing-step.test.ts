import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, it } from "vitest";
import { type Api, serve } from "../src/api.js";
import { cleanUp, killAll, startProcess, writeDeployment } from "../src/deployment.js";
import { scenario, skipped, type Checks } from "../src/figures.js";
import { scratchDatabase, serverUnavailable } from "../src/postgres.js";
import { scratchDir } from "../src/scratch.js";
import { differences, snapshot, type Store } from "../src/snapshot.js";
import { faults, upgradePlugs, type UpgradePlugIds } from "../src/upgrade-plugs.js";

afterAll(cleanUp);

const fields = (database: string) => ({ order: 3, scenario: "upgrade of two plugs failing at each step", database });

/** Rows written under 1.0.0, by kind: each must be there after every failed upgrade. */
interface Written {
  patients: Set<string>;
  items: Set<string>;
  readings: Set<string>;
}

async function writeUnderV1(api: Api, ids: UpgradePlugIds, facilityId: string, written: Written, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const patient = await api.request("POST", "/api/v1/patients", {
      facilityId,
      name: `upgrade ${written.patients.size + 1}`,
      birthDate: "1980-05-05",
      sex: "female",
    });
    if (patient.status !== 201)
      throw new Error(`writing a patient under 1.0.0 answered ${patient.status}: ${JSON.stringify(patient.body)}`);
    written.patients.add(patient.body.id);
    const item = await api.request("POST", `/api/plugs/${ids.a}/items`, { patientId: patient.body.id, label: `item ${index}` });
    if (item.status !== 201) throw new Error(`writing plug ${ids.a}'s item answered ${item.status}: ${JSON.stringify(item.body)}`);
    written.items.add(item.body.id);
    const reading = await api.request("POST", `/api/plugs/${ids.b}/readings`, { value: 5 + index });
    if (reading.status !== 201)
      throw new Error(`writing plug ${ids.b}'s reading answered ${reading.status}: ${JSON.stringify(reading.body)}`);
    written.readings.add(reading.body.id);
  }
}

/** What of `written` the running bundle cannot show. */
async function missingFrom(api: Api, ids: UpgradePlugIds, facilityId: string, written: Written): Promise<string[]> {
  const patients = new Set((await api.patients(facilityId)).map((patient) => patient.id));
  const items = await api.request("GET", `/api/plugs/${ids.a}/items`);
  const readings = await api.request("GET", `/api/plugs/${ids.b}/readings`);
  if (items.status !== 200 || readings.status !== 200) throw new Error(`the plugs' routes answered ${items.status} and ${readings.status}`);
  const itemIds = new Set(items.body.items.map((row: { id: string }) => row.id));
  const readingIds = new Set(readings.body.items.map((row: { id: string }) => row.id));
  return [
    ...[...written.patients].filter((id) => !patients.has(id)).map((id) => `patient ${id}`),
    ...[...written.items].filter((id) => !itemIds.has(id)).map((id) => `item ${id}`),
    ...[...written.readings].filter((id) => !readingIds.has(id)).map((id) => `reading ${id}`),
  ];
}

async function failingUpgrades(database: string, store: Store, env: Record<string, string>, ids: UpgradePlugIds): Promise<void> {
  await scenario(fields(database), async (row, checks: Checks) => {
    const dir = join(await scratchDir(), `upgrade-${database}`);
    const v1 = await writeDeployment("upgrade", await upgradePlugs(join(dir, "v1"), ids, "1.0.0"));
    const written: Written = { patients: new Set(), items: new Set(), readings: new Set() };
    let { deployment, api } = await serve(v1, env);
    const facilityId = await api.createFacility("Upgrade Ward");
    await writeUnderV1(api, ids, facilityId, written, 5);
    checks.check((await deployment.terminate()) === 0, "1.0.0 stops with exit code 0", deployment.exitCode);
    const acknowledged = () => written.patients.size + written.items.size + written.readings.size;
    let servedAfter = 0;
    const lost = new Set<string>();
    const refusals: string[] = [];

    for (const [index, fault] of faults.entries()) {
      const trial = index + 1;
      const label = `trial ${trial} (${fault.step} fails: ${fault.kind})`;
      row.trials = trial;
      const before = await snapshot(store, [`plug_${ids.a}`, `plug_${ids.b}`]);
      const v2 = await writeDeployment("upgrade", await upgradePlugs(join(dir, `v2-${trial}`), ids, "2.0.0", fault));
      const attempt = startProcess(v2, env);
      const code = await attempt.exitWithin(120_000);
      if (code === undefined) await attempt.kill();
      checks.check(
        code !== undefined && code !== null && code !== 0,
        `${label}: 2.0.0 exits non-zero`,
        code === undefined ? "still running after 120 s" : code,
      );
      const stepName = fault.step.slice(2);
      const output = attempt.stdout + attempt.stderr;
      const plugId = fault.step.startsWith("a:") ? ids.a : ids.b;
      checks.check(
        output.includes(plugId) && output.includes(stepName),
        `${label}: the error names the plug and the step`,
        output.trim().split("\n").slice(-3).join(" ⏎ "),
      );
      refusals.push(code === undefined ? "served" : `exit ${code}`);
      const after = await snapshot(store, [`plug_${ids.a}`, `plug_${ids.b}`]);
      const changed = differences(before, after);
      checks.check(
        changed.length === 0,
        `${label}: the database is exactly as before (schemas, rows, care_system.plugs, care_system.plug_steps)`,
        changed.join(", "),
      );

      try {
        ({ deployment, api } = await serve(v1, env));
      } catch (error) {
        checks.check(false, `${label}: the old bundle (1.0.0) starts again`, (error as Error).message.split("\n").slice(0, 3).join(" ⏎ "));
        continue;
      }
      const missing = await missingFrom(api, ids, facilityId, written);
      for (const entry of missing) lost.add(entry);
      checks.check(missing.length === 0, `${label}: the old bundle serves all its data`, `${missing.length} rows missing`);
      await writeUnderV1(api, ids, facilityId, written, 1);
      servedAfter += 1;
      row.acknowledged = acknowledged();
      row.lost = lost.size;
      checks.check((await deployment.terminate()) === 0, `${label}: 1.0.0 stops with exit code 0`, deployment.exitCode);
    }

    // The control: the same 2.0.0 without a fault upgrades both plugs and serves everything written.
    const v2 = await writeDeployment("upgrade", await upgradePlugs(join(dir, "v2-control"), ids, "2.0.0"));
    let control = "2.0.0 without a fault: ";
    try {
      ({ deployment, api } = await serve(v2, env));
      const missing = await missingFrom(api, ids, facilityId, written);
      const items = await api.request("GET", `/api/plugs/${ids.a}/items`);
      const upgraded = items.body.items.every((item: { note: string | null }) => item.note === "upgraded");
      checks.check(missing.length === 0 && upgraded, "control: 2.0.0 without a fault upgrades both plugs and serves all the data", {
        missing: missing.length,
        upgraded,
      });
      control +=
        missing.length === 0 && upgraded ? "upgraded and served everything" : `${missing.length} rows missing, notes set: ${upgraded}`;
      checks.check((await deployment.terminate()) === 0, "control: 2.0.0 stops with exit code 0", deployment.exitCode);
    } catch (error) {
      checks.check(false, "control: 2.0.0 without a fault starts", (error as Error).message.split("\n").slice(0, 3).join(" ⏎ "));
      control += "did not start";
    }

    row.duplicated = null;
    row.recovered = `old bundle served after ${servedAfter}/${faults.length} failed upgrades`;
    row.notes = [
      `plugs A and B 1.0.0 → 2.0.0, two steps each; failing per trial: ` +
        `${faults.map((fault) => `${fault.step} (${fault.kind})`).join(", ")}`,
      `acknowledged = patients, A's items and B's readings written under 1.0.0; each trial compares schemas, rows, care_system.plugs and ` +
        `plug_steps before and after`,
      `2.0.0 with a fault: ${refusals.join(", ")}`,
      control,
    ];
  });
}

const plugIds = (): UpgradePlugIds => {
  // Roles are shared by every database of a server: ids of this run only.
  const suffix = randomBytes(3).toString("hex");
  return { a: `ua_${suffix}`, b: `ub_${suffix}` };
};

it("an upgrade of two plugs failing at each step changes nothing, and the old bundle starts and serves (PGlite)", async () => {
  const dir = join(await scratchDir(), "upgrade-data");
  await failingUpgrades("PGlite", { kind: "pglite", dir }, { CARE_DATA_DIR: dir }, plugIds());
});

it("an upgrade of two plugs failing at each step changes nothing, and the old bundle starts and serves (PostgreSQL)", async (context) => {
  const unavailable = await serverUnavailable();
  if (unavailable) {
    await skipped(fields("PostgreSQL"), unavailable);
    context.skip(unavailable);
  }
  const database = await scratchDatabase();
  const ids = plugIds();
  try {
    await failingUpgrades("PostgreSQL", { kind: "postgres", url: database.url }, { DATABASE_URL: database.url }, ids);
  } finally {
    await killAll();
    await database.drop([`plug_${ids.a}`, `plug_${ids.b}`]);
  }
});
