import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, migrateCore, openDatabase, openScratchDatabase, type CareDatabase } from "../src/index.js";
import { system } from "./helpers.js";

/** The core's migrations in the order they apply: written out, so that a new or renamed one shows up here. */
const coreMigrations = [
  "0001_initial",
  "0002_plug_registry",
  "0003_plug_schema_source",
  "0004_outbox_claim_index",
  "0005_plug_logins",
  "0006_delivery_actions",
  "0007_plug_lifecycle",
];

describe("core migrations", () => {
  let database: CareDatabase;
  beforeAll(async () => {
    database = await openScratchDatabase();
  });
  afterAll(() => database?.close());

  it("applies the core migrations once, records it, and does nothing the second time", async () => {
    const first = await migrateCore(database.db);
    expect(first.applied).toEqual(coreMigrations);

    const second = await migrateCore(database.db);
    expect(second.applied).toEqual([]);

    const recorded = await sql<{ name: string }>`select name from care_system.core_migrations order by name`.execute(database.db);
    expect(recorded.rows.map((row) => row.name)).toEqual(coreMigrations);
  });

  it("leaves the data alone when migrating an up-to-date database", async () => {
    await migrateCore(database.db);
    const core = createCore({ database });
    const facility = await core.facilities.create(system, { name: "Kept", kind: "clinic" });
    expect((await core.migrate()).applied).toEqual([]);
    expect(await core.facilities.get(system, facility.id)).toEqual(facility);
  });
});

describe.skipIf(Boolean(process.env.DATABASE_URL))("a PGlite data folder", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "care-pglite-"));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("keeps data across close and reopen, and needs no migration the second time", async () => {
    const dataDir = join(folder, "data");
    const first = await openDatabase({ dataDir });
    expect(first).toMatchObject({ engine: "pglite", location: `PGlite in ${dataDir}` });
    expect((await migrateCore(first.db)).applied).toEqual(coreMigrations);
    const facility = await createCore({ database: first }).facilities.create(system, { name: "Persistent Clinic", kind: "clinic" });
    await first.close();

    const reopened = await openDatabase({ dataDir });
    try {
      expect((await migrateCore(reopened.db)).applied).toEqual([]);
      expect(await createCore({ database: reopened }).facilities.get(system, facility.id)).toEqual(facility);
    } finally {
      await reopened.close();
    }
  });
});
