import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openScratchDatabase, type CareDatabase } from "@care/core";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetDevelopmentPlug } from "../src/tooling.js";
import { definePlug, type AnyPlugDefinition } from "@care/plug-api";
import { route } from "./untyped-route.js";
import { bootPlugs, fixturePlug } from "./fixture-plug.js";

let database: CareDatabase;
beforeEach(async () => {
  database = await openScratchDatabase();
});
afterEach(() => database.close());

/** Everything a failed migration could have touched: schemas, columns, registry, and the plugs' rows. */
async function snapshot(db: CareDatabase["db"]): Promise<unknown> {
  const columns = await sql`select table_schema, table_name, column_name, data_type from information_schema.columns
      where table_schema in ('core', 'care_system') or table_schema like 'plug\\_%' order by 1, 2, 3`.execute(db);
  const schemas =
    await sql`select nspname from pg_namespace where nspname like 'plug\\_%' or nspname in ('core', 'care_system') order by 1`.execute(db);
  const registry = await sql`select id, package, version, install_shape, development from care_system.plugs order by id`
    .execute(db)
    .catch(() => ({ rows: "none" }));
  const steps = await sql`select plug_id, step, from_version, to_version, checksum from care_system.plug_steps order by id`
    .execute(db)
    .catch(() => ({ rows: "none" }));
  const core = await sql`select name from care_system.core_migrations order by name`.execute(db).catch(() => ({ rows: "none" }));
  const tables = (columns.rows as Array<{ table_schema: string; table_name: string }>).filter((row) =>
    row.table_schema.startsWith("plug_"),
  );
  const data: Record<string, unknown> = {};
  for (const { table_schema, table_name } of tables) {
    data[`${table_schema}.${table_name}`] ??= (
      await sql`select * from ${sql.table(`${table_schema}.${table_name}`)} order by 1`.execute(db)
    ).rows;
  }
  return { columns: columns.rows, schemas: schemas.rows, registry: registry.rows, steps: steps.rows, core: core.rows, data };
}

const withVersion = (plug: AnyPlugDefinition, version: string) =>
  definePlug({ ...plug, package: { ...plug.package, version } }) as AnyPlugDefinition;

describe("deployment-atomic migrations", () => {
  it("rolls back every plug's upgrade when a later plug's step fails, names file and line; the old bundle still starts", async () => {
    const listRoute = route.get("/count", async (_request, _reply, context) => ({
      count: (
        await context.db
          .selectFrom("items" as never)
          .selectAll()
          .execute()
      ).length,
    }));
    const a1 = await fixturePlug({
      id: "alpha",
      install: "create table items (id int primary key);\ninsert into items values (1), (2);",
      routes: [listRoute],
    });
    const b1 = await fixturePlug({
      id: "beta",
      install: "create table items (id int primary key);\ninsert into items values (7);",
      routes: [listRoute],
    });
    await (await bootPlugs([a1, b1], { database })).close();
    const before = await snapshot(database.db);

    await writeFile(
      join(a1.migrations as string, "upgrade", "1.0.0_2.0.0.sql"),
      "alter table items add column label text;\nupdate items set label = 'upgraded';",
    );
    await writeFile(join(a1.migrations as string, "install.sql"), "create table items (id int primary key, label text);");
    await writeFile(
      join(b1.migrations as string, "upgrade", "1.0.0_2.0.0.sql"),
      "alter table items add column weight int;\n\nalter table items add column weight int;",
    );
    await writeFile(join(b1.migrations as string, "install.sql"), "create table items (id int primary key, weight int);");
    const failure = bootPlugs([withVersion(a1, "2.0.0"), withVersion(b1, "2.0.0")], { database });
    await expect(failure).rejects.toThrow(/plug beta: upgrade\/1\.0\.0_2\.0\.0 failed at line 3: .*weight.*already exists/);
    expect(await snapshot(database.db)).toEqual(before);

    // The bundle that ran before starts on the database as it was, and serves its data.
    await rm(join(a1.migrations as string, "upgrade", "1.0.0_2.0.0.sql"));
    await rm(join(b1.migrations as string, "upgrade", "1.0.0_2.0.0.sql"));
    const old = await bootPlugs([a1, b1], { database });
    const headers = { authorization: `Bearer ${await old.token()}` };
    expect((await old.app.inject({ method: "GET", url: "/api/plugs/alpha/count", headers })).json()).toEqual({ count: 2 });
    expect((await old.app.inject({ method: "GET", url: "/api/plugs/beta/count", headers })).json()).toEqual({ count: 1 });
    await old.close();
  });

  it("leaves a fresh database empty when a plug's install fails after the core's migrations ran in the same start", async () => {
    const good = await fixturePlug({ id: "good", install: "create table kept (id int);" });
    const bad = await fixturePlug({ id: "bad", install: "create table t (id int);\nselect * from missing_table;" });
    await expect(bootPlugs([good, bad], { database })).rejects.toThrow(/plug bad: install\.sql failed at line 2: .*missing_table/);
    const { rows } = await sql<{
      core: string | null;
      registry: string | null;
      good: string | null;
    }>`select to_regclass('care_system.core_migrations')::text as core,
        to_regclass('core.patients')::text as registry, to_regnamespace('plug_good')::text as good`.execute(database.db);
    expect(rows[0]).toEqual({ core: null, registry: null, good: null });
  });

  it("lets two starts race on a fresh database: one migrates, the other finds it current", async () => {
    const plug = await fixturePlug({ id: "racer", install: "create table laps (id int);" });
    if (!process.env.DATABASE_URL) return; // PGlite has one session: a second opener is refused by the folder lock.
    const results = await Promise.allSettled([bootPlugs([plug], { database }), bootPlugs([plug], { database })]);
    expect(results.map((result) => (result.status === "rejected" ? String(result.reason) : "ok"))).toEqual(["ok", "ok"]);
    const plans = results
      .map((result) => (result as PromiseFulfilledResult<Awaited<ReturnType<typeof bootPlugs>>>).value.migrations[0]!.plan)
      .sort();
    expect(plans).toEqual(["current", "install"]);
    for (const result of results) await (result as PromiseFulfilledResult<Awaited<ReturnType<typeof bootPlugs>>>).value.close();
  });
});

describe("readiness", () => {
  it("answers 503 migrations_not_current on an instance another one migrated past, and 200 on the newer one", async () => {
    const v1 = await fixturePlug({ id: "ward", version: "1.0.0", install: "create table beds (id int);" });
    const old = await bootPlugs([v1], { database });
    expect((await old.app.inject({ method: "GET", url: "/health/ready" })).statusCode).toBe(200);

    await writeFile(join(v1.migrations as string, "upgrade", "1.0.0_1.1.0.sql"), "alter table beds add column label text;");
    await writeFile(join(v1.migrations as string, "install.sql"), "create table beds (id int, label text);");
    const newer = await bootPlugs([withVersion(v1, "1.1.0")], { database });
    const stale = await old.app.inject({ method: "GET", url: "/health/ready" });
    expect(stale.statusCode).toBe(503);
    expect(stale.json()).toMatchObject({ status: "unavailable", reason: expect.stringMatching(/^migrations_not_current: .*ward/) });
    expect((await old.app.inject({ method: "GET", url: "/health/live" })).statusCode).toBe(200);
    expect((await newer.app.inject({ method: "GET", url: "/health/ready" })).json()).toMatchObject({ status: "ok" });
    await newer.close();
    await old.close();
  });
});

describe("what a release's install.sql promises", () => {
  it("refuses an upgrade whose install.sql changed with no step covering it, and runs once the step exists", async () => {
    const v1 = await fixturePlug({ id: "vitals", version: "0.1.0", install: "create table readings (id int primary key);" });
    await (await bootPlugs([v1], { database })).close();
    const before = await snapshot(database.db);

    const folder = v1.migrations as string;
    await writeFile(join(folder, "install.sql"), "-- now with units\ncreate table readings (id int primary key, unit text);");
    await expect(bootPlugs([withVersion(v1, "0.2.0")], { database })).rejects.toThrow(
      "plug vitals: install.sql of @fixtures/vitals changed between 0.1.0 and 0.2.0, but no upgrade step covers the change",
    );
    await expect(bootPlugs([withVersion(v1, "0.2.0")], { database })).rejects.toThrow("Add migrations/upgrade/0.1.0_0.2.0.sql");
    expect(await snapshot(database.db)).toEqual(before);

    await writeFile(join(folder, "upgrade", "0.1.0_0.2.0.sql"), "alter table readings add column unit text;");
    const upgraded = await bootPlugs([withVersion(v1, "0.2.0")], { database });
    expect(upgraded.migrations[0]).toMatchObject({ plan: "upgrade", ran: ["upgrade/0.1.0_0.2.0"] });
    await upgraded.close();
  });

  it("records a release that changed only comments and spacing in install.sql without a step", async () => {
    const v1 = await fixturePlug({ id: "quiet", version: "1.0.0", install: "create table t (id int);" });
    await (await bootPlugs([v1], { database })).close();
    await writeFile(join(v1.migrations as string, "install.sql"), "-- the table\nCREATE TABLE t (\n  id int\n);\n");
    const patched = await bootPlugs([withVersion(v1, "1.0.1")], { database });
    expect(patched.migrations[0]).toMatchObject({ plan: "upgrade", from: "1.0.0", to: "1.0.1", ran: [] });
    await patched.close();
  });

  it("tells a schema built from an unreleased install.sql apart, and refuses to upgrade it with the command that resets it", async () => {
    const dev = await fixturePlug({
      id: "draft",
      version: "0.1.0",
      install: "create table notes (id int, body text);",
      steps: { "0.1.0_next": "alter table notes add column body text;" },
    });
    await (await bootPlugs([dev], { database })).close();
    const recorded = await database.db
      .selectFrom("care_system.plugs")
      .select(["version", "development"])
      .where("id", "=", "draft")
      .executeTakeFirstOrThrow();
    expect(recorded).toEqual({ version: "0.1.0", development: true });

    const folder = dev.migrations as string;
    const released = await mkdtemp(join(tmpdir(), "care-released-"));
    try {
      await writeFile(join(folder, "upgrade", "0.1.0_0.2.0.sql"), "alter table notes add column body text;");
      await rm(join(folder, "upgrade", "0.1.0_next.sql"));
      await expect(bootPlugs([withVersion(dev, "0.2.0")], { database })).rejects.toThrow(
        new RegExp(
          /plug draft: this database's plug_draft schema was built from an unreleased install.sql of 0.1.0/.source +
            / \(a development database\).*pnpm care plug reset draft -d <deployment> --confirm draft/.source,
        ),
      );

      // The command it names: the development schema goes, and the release installs afresh.
      expect(await resetDevelopmentPlug(database, "draft")).toEqual({ id: "draft", version: "0.1.0", droppedDeliveries: 0 });
      const fresh = await bootPlugs([withVersion(dev, "0.2.0")], { database });
      expect(fresh.migrations[0]).toMatchObject({ plan: "install", to: "0.2.0" });
      await fresh.close();
      const now = await database.db
        .selectFrom("care_system.plugs")
        .select(["version", "development"])
        .where("id", "=", "draft")
        .executeTakeFirstOrThrow();
      expect(now).toEqual({ version: "0.2.0", development: false });
      // A released schema holds real data: reset refuses it.
      await expect(resetDevelopmentPlug(database, "draft")).rejects.toThrow(
        "its schema was built from a released install.sql (0.2.0), so it holds real data",
      );
    } finally {
      await rm(released, { recursive: true, force: true });
    }
  });
});
