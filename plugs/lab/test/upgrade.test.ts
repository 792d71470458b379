import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openScratchDatabase, startTestDeployment, type CareDatabase, type TestDeployment } from "@care/plug-sdk/testing";
import { sql } from "kysely";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import lab from "../src/index.js";
import {
  clinic,
  copyOfMigrations,
  describeLabSchema,
  labColumns,
  labRecord,
  labRelease,
  labRows,
  listOrders,
  migrationsFolder,
  readMigration,
  release100Migrations,
  recordResult,
  removeTempFolders,
  setEncounterStatus,
} from "./support.js";

/**
 * Lab's releases on one database that outlives each "deployment", as a hospital's does across
 * upgrades: 1.0.0 installed with data, then the 1.2.0 in this package started on it.
 */
describe("lab upgrades 1.0.0 → 1.1.0 → 1.2.0", () => {
  const databases: CareDatabase[] = [];
  const deployments: TestDeployment[] = [];
  afterEach(async () => {
    for (const deployment of deployments.splice(0).reverse()) await deployment.close();
    for (const database of databases.splice(0)) await database.close();
  });
  afterAll(() => removeTempFolders());

  async function boot(plug: Parameters<typeof startTestDeployment>[0]["plugs"][number], database: CareDatabase) {
    const deployment = await startTestDeployment({ plugs: [plug], database });
    deployments.push(deployment);
    return deployment;
  }
  async function stop(deployment: TestDeployment) {
    deployments.splice(deployments.indexOf(deployment), 1);
    await deployment.close();
  }

  /** Lab 1.0.0 installed on a database of its own, with orders as 1.0.0 wrote them. */
  async function installRelease100() {
    const database = await openScratchDatabase();
    databases.push(database);
    const v100 = await boot(labRelease("1.0.0", await release100Migrations()), database);
    const { facility, patient, encounter } = await clinic(v100);
    const { db } = database;
    const admin = await db.selectFrom("core.users").select("id").where("username", "=", "admin").executeTakeFirstOrThrow();
    const ids = {
      fbc: "01900000-0000-7000-8000-000000000001",
      potassium: "01900000-0000-7000-8000-000000000002",
      hiv: "01900000-0000-7000-8000-000000000003",
      crp: "01900000-0000-7000-8000-000000000004",
    };
    const order = (id: string, code: string, name: string) =>
      sql`${id}::uuid, ${patient.id}::uuid, ${encounter.id}::uuid, ${facility.id}::uuid, ${code}, ${name}, ${admin.id}::uuid`;
    // 1.0.0 stored test codes as typed and the result as free text on the order row.
    await sql`insert into plug_lab.orders (id, patient_id, encounter_id, facility_id, test_code, test_name, ordered_by, ordered_at) values
      (${order(ids.fbc, "fbc", "Full blood count")}, '2024-05-01T08:00:00Z')`.execute(db);
    await sql`insert into plug_lab.orders
      (id, patient_id, encounter_id, facility_id, test_code, test_name, ordered_by, ordered_at, status, result_text, resulted_at) values
      (${order(ids.potassium, " k ", "Potassium")}, '2024-05-01T08:01:00Z', 'resulted', '5.4 mmol/L', '2024-05-01T10:30:00Z'),
      (${order(ids.hiv, "HIV", "HIV rapid test")}, '2024-05-01T08:02:00Z', 'resulted', ' negative ', '2024-05-01T09:15:00Z')`.execute(db);
    await sql`insert into plug_lab.orders
      (id, patient_id, encounter_id, facility_id, test_code, test_name, ordered_by, ordered_at, status, cancelled_at) values
      (${order(ids.crp, "crp", "C-reactive protein")}, '2024-05-01T08:03:00Z', 'cancelled', '2024-05-01T08:30:00Z')`.execute(db);
    await stop(v100);
    return { database, facility, patient, encounter, adminId: admin.id, ids };
  }

  it("runs both steps once, in order; moves 1.0.0's data into the 1.2.0 shape; a restart runs nothing", async () => {
    const { database, patient, encounter, facility, adminId, ids } = await installRelease100();
    expect(await labRecord(database.db)).toEqual({
      plug: { version: "1.0.0", package: "@care-plugs/lab" },
      steps: [{ step: "install.sql", from_version: null, to_version: "1.0.0" }],
    });

    const v120 = await boot(lab, database);
    expect(v120.booted.migrations).toEqual([
      {
        id: "lab",
        plan: "upgrade",
        from: "1.0.0",
        to: "1.2.0",
        ran: ["upgrade/1.0.0_1.1.0", "upgrade/1.1.0_1.2.0"],
        changedSinceRun: [],
        timings: [
          { step: "upgrade/1.0.0_1.1.0", ms: expect.any(Number) },
          { step: "upgrade/1.1.0_1.2.0", ms: expect.any(Number) },
        ],
      },
    ]);
    const record = await labRecord(database.db);
    expect(record).toEqual({
      plug: { version: "1.2.0", package: "@care-plugs/lab" },
      steps: [
        { step: "install.sql", from_version: null, to_version: "1.0.0" },
        { step: "upgrade/1.0.0_1.1.0", from_version: "1.0.0", to_version: "1.1.0" },
        { step: "upgrade/1.1.0_1.2.0", from_version: "1.1.0", to_version: "1.2.0" },
      ],
    });
    expect(await labColumns(database.db, "orders")).not.toContain("result_text");

    // Through the 1.2.0 routes: codes canonical, priority defaulted, free-text results split into value and unit.
    const common = {
      patientId: patient.id,
      encounterId: encounter.id,
      facilityId: facility.id,
      orderedBy: adminId,
      priority: "routine",
      cancelledBy: null,
      cancelReason: null,
    };
    const moved = (value: string, unit: string | null, recordedAt: string) => ({
      id: expect.any(String),
      value,
      unit,
      referenceRange: null,
      flag: null,
      recordedBy: null,
      recordedAt,
    });
    const { body } = await listOrders(v120.admin, patient.id);
    expect(body.items).toEqual([
      {
        ...common,
        id: ids.crp,
        testCode: "CRP",
        testName: "C-reactive protein",
        status: "cancelled",
        orderedAt: "2024-05-01T08:03:00.000Z",
        cancelledAt: "2024-05-01T08:30:00.000Z",
        result: null,
      },
      {
        ...common,
        id: ids.hiv,
        testCode: "HIV",
        testName: "HIV rapid test",
        status: "resulted",
        orderedAt: "2024-05-01T08:02:00.000Z",
        cancelledAt: null,
        result: moved("negative", null, "2024-05-01T09:15:00.000Z"),
      },
      {
        ...common,
        id: ids.potassium,
        testCode: "K",
        testName: "Potassium",
        status: "resulted",
        orderedAt: "2024-05-01T08:01:00.000Z",
        cancelledAt: null,
        result: moved("5.4", "mmol/L", "2024-05-01T10:30:00.000Z"),
      },
      {
        ...common,
        id: ids.fbc,
        testCode: "FBC",
        testName: "Full blood count",
        status: "pending",
        orderedAt: "2024-05-01T08:00:00.000Z",
        cancelledAt: null,
        result: null,
      },
    ]);
    // The moved data works with 1.2.0's behaviour: the 1.0.0 pending order holds the encounter open.
    expect((await setEncounterStatus(v120.admin, encounter.id, "finished")).status).toBe(409);
    expect((await recordResult(v120.admin, ids.fbc, { value: "normal" })).status).toBe(201);
    const ordersAfter = await labRows(database.db, "orders");
    const resultsAfter = await labRows(database.db, "results");
    await stop(v120);

    const again = await boot(lab, database);
    expect(again.booted.migrations).toEqual([
      { id: "lab", plan: "current", from: "1.2.0", to: "1.2.0", ran: [], changedSinceRun: [], timings: [] },
    ]);
    expect(await labRecord(database.db)).toEqual(record);
    expect(await labRows(database.db, "orders")).toEqual(ordersAfter);
    expect(await labRows(database.db, "results")).toEqual(resultsAfter);
    expect((await setEncounterStatus(again.admin, encounter.id, "finished")).status).toBe(200);
  });

  it("rolls a failing step back with everything before it: 1.0.0 and its data stay exactly as they were", async () => {
    const { database, ids } = await installRelease100();
    const ordersBefore = await labRows(database.db, "orders");
    const schemaBefore = await describeLabSchema(database.db);

    // 1.1.0 → 1.2.0 breaks halfway: after creating results and moving the data into it.
    const broken = await copyOfMigrations();
    const step = await readMigration("upgrade/1.1.0_1.2.0.sql");
    expect(step).toContain("alter table orders drop column result_text;");
    await writeFile(
      join(broken, "upgrade/1.1.0_1.2.0.sql"),
      step.replace("alter table orders drop column result_text;", "alter table orders drop column no_such_column;"),
    );
    const start = boot(labRelease("1.2.0", broken), database);
    await expect(start).rejects.toThrow(
      new RegExp(
        "^plug lab: upgrade/1\\.1\\.0_1\\.2\\.0 failed(?: at line \\d+)?: " +
          'column "no_such_column" of relation "orders" does not exist\\. Nothing was changed',
      ),
    );

    expect(await labRecord(database.db)).toEqual({
      plug: { version: "1.0.0", package: "@care-plugs/lab" },
      steps: [{ step: "install.sql", from_version: null, to_version: "1.0.0" }],
    });
    // Neither step left anything: no 1.1.0 columns or upper-cased codes, no results table.
    expect(await describeLabSchema(database.db)).toEqual(schemaBefore);
    expect(await labColumns(database.db, "orders")).not.toContain("priority");
    expect(await labColumns(database.db, "results")).toEqual([]);
    const ordersAfter = await labRows(database.db, "orders");
    expect(ordersAfter).toEqual(ordersBefore);
    expect(ordersAfter.map((row) => row.test_code)).toEqual(["fbc", " k ", "HIV", "crp"]);
    expect(ordersAfter.find((row) => row.id === ids.potassium)?.result_text).toBe("5.4 mmol/L");

    // With the step fixed, the same database upgrades.
    const fixed = await boot(lab, database);
    expect(fixed.booted.migrations[0]?.ran).toEqual(["upgrade/1.0.0_1.1.0", "upgrade/1.1.0_1.2.0"]);
    expect((await labRecord(database.db)).plug?.version).toBe("1.2.0");
  });

  it("refuses to start an older bundle on a database it has upgraded: no downgrade", async () => {
    const { database } = await installRelease100();
    await stop(await boot(lab, database));
    const ordersBefore = await labRows(database.db, "orders");

    const v110 = await migrationsFolder({
      "install.sql": await readMigration("baseline/1.0.0.sql"),
      "upgrade/1.0.0_1.1.0.sql": await readMigration("upgrade/1.0.0_1.1.0.sql"),
    });
    await expect(boot(labRelease("1.1.0", v110), database)).rejects.toThrow(
      "plug lab: the database has @care-plugs/lab 1.2.0, newer than this bundle's 1.1.0; " +
        "plugs are never downgraded: deploy a bundle with 1.2.0 or later",
    );
    expect((await labRecord(database.db)).plug?.version).toBe("1.2.0");
    expect(await labRows(database.db, "orders")).toEqual(ordersBefore);
  });

  it("installs 1.2.0 fresh into the same schema that 1.0.0 plus both steps yields", async () => {
    const { database: upgraded } = await installRelease100();
    await stop(await boot(lab, upgraded));

    const fresh = await openScratchDatabase();
    databases.push(fresh);
    const installed = await boot(lab, fresh);
    expect(installed.booted.migrations[0]).toMatchObject({ plan: "install", ran: ["install.sql"] });

    const schema = await describeLabSchema(fresh.db);
    // The owner is lab's role in this database only: plug_lab_<8 hex of the database name's md5>.
    expect(schema.filter((line) => line.startsWith("table "))).toEqual([
      "table orders owner plug_lab_<database>",
      "table results owner plug_lab_<database>",
    ]);
    expect(await describeLabSchema(upgraded.db)).toEqual(schema);
  });
});
