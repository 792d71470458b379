import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openDatabase, type CareDatabase } from "@care/core";
import { migrateDeployment, preparePlugs, type DeploymentManifest } from "@care/runtime/tooling";
import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type UpgradeWorkspace } from "./upgrade-workspace.js";

/** A lab plug's results: every awkward value a clinical row can hold. */
const install = `create table results (
  id serial primary key,
  patient text not null,
  note text,
  value numeric(30,10) check (value >= 0),
  taken_at timestamptz not null,
  details jsonb,
  raw json,
  tags text[]
);
create index results_patient on results (patient);
create view latest as select patient, max(taken_at) as taken_at from results group by patient;
create table panels (code text primary key, results int references results (id));
insert into results (patient, note, value, taken_at, details, raw, tags) values
  ('p-1', E'it''s "odd",\\nline two\\\\ and ünïcode ✓', 12345678901234567890.0123456789, '2024-02-29 23:59:59.123456+05:30',
   '{"a": [1, null, "x\\"y"], "big": 123456789012345678901234567890}', '{ "kept":  "as written" }', '{one,"two, three",NULL}'),
  ('p-2', null, null, '1999-12-31 00:00:00+00', null, null, null),
  ('p-3', '', 0, '2030-01-01 12:00:00-08', '{}', '[]', '{}');
insert into panels values ('CBC', 1), ('none', null);`;

/**
 * \`care plug purge\` as an IT officer meets it, on the deployment's own database (its data folder,
 * or the server DATABASE_URL names): a lab plug taken out of plug.config.ts, its results still in
 * the database. Refusals change nothing; the purge writes an export holding every row first.
 */
describe("care plug purge", () => {
  const server = process.env.DATABASE_URL || undefined;
  let site: UpgradeWorkspace;
  let workspace: string;
  let migrations: string;

  const manifest = (plugs: string) => `export default { deployment: "site", plugs: [${plugs}] };\n`;
  const labEntry = () =>
    `{ plug: { kind: "care-plug", package: { name: "@fixtures/lab", version: "1.0.0", care: { plug: { id: "lab", core: "*", contract: ` +
    `"^1.0.0", dependencies: {} } } }, migrations: ${JSON.stringify(migrations)} } }`;

  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-purge-");
    workspace = site.workspace;
    migrations = join(workspace, "lab-migrations");
    await mkdir(join(migrations, "upgrade"), { recursive: true });
    await writeFile(join(migrations, "install.sql"), install);
  });
  afterAll(() => site?.cleanup());

  const query = <T>(work: (db: CareDatabase["db"], database: CareDatabase) => Promise<T>): Promise<T> =>
    site.query((database) => work(database.db, database));
  const care = (args: string[]) => site.care(args);

  /** The results, each value as PostgreSQL writes it. */
  const results = (db: CareDatabase["db"], schema = "plug_lab") =>
    sql<
      Record<string, string | null>
    >`select id::text as id, patient, note, value::text as value, taken_at::text as taken_at, details::text as details,
        raw::text as raw, tags::text as tags
      from ${sql.id(schema, "results")} order by id`
      .execute(db)
      .then(({ rows }) => rows);
  /** The same, as the export holds them: json columns as JSON. */
  const asExported = (rows: Array<Record<string, string | null>>) =>
    rows.map((row) => ({ ...row, details: row.details ? JSON.parse(row.details) : null, raw: row.raw ? JSON.parse(row.raw) : null }));

  /** Everything a purge deletes, to tell that a refusal changed nothing. */
  const snapshot = () =>
    query(async (db) => ({
      results: await results(db).catch((error: Error) => error.message),
      panels: (await sql`select * from plug_lab.panels order by code`.execute(db).catch((error: Error) => ({ rows: error.message }))).rows,
      registry: (await sql`select id, version, detached_at is not null as detached from care_system.plugs`.execute(db)).rows,
      steps: (await sql`select plug_id, step from care_system.plug_steps order by id`.execute(db)).rows,
      outbox: (await sql`select id::text, subscriber, status from care_system.outbox order by id`.execute(db)).rows,
      journal: (await sql`select delivery_id::text, action from care_system.delivery_actions order by id`.execute(db)).rows,
      role: (await sql`select rolname from pg_roles where rolname = concat('plug_lab_', substr(md5(current_database()), 1, 8))`.execute(db))
        .rows,
    }));

  it("exports a detached plug's rows, then drops its schema, role, registry rows and deliveries; refusals change nothing", async () => {
    // Installed as a start installs it, with deliveries waiting and one journalled retry.
    await writeFile(join(workspace, "apps/site/src/plugs.generated.ts"), manifest(labEntry()));
    await query(async (db, database) => {
      const prepared = await preparePlugs(
        {
          deployment: "site",
          plugs: [
            {
              plug: {
                kind: "care-plug",
                package: {
                  name: "@fixtures/lab",
                  version: "1.0.0",
                  care: { plug: { id: "lab", core: "*", contract: "^1.0.0", dependencies: {} } },
                },
                migrations,
              },
            },
          ],
        } as DeploymentManifest,
        {},
      );
      await migrateDeployment(prepared, database, pino({ level: "silent" }));
      await sql`insert into care_system.outbox (event_id, signal, subscriber, payload, status, last_error) values
        (gen_random_uuid(), 'encounter.closed', 'lab', '{"encounterId": "e-1"}', 'held', null),
        (gen_random_uuid(), 'encounter.closed', 'lab', '{"encounterId": "e-2"}', 'failed', E'timeout\\nafter 30 s'),
        (gen_random_uuid(), 'encounter.closed', 'sms', '{"encounterId": "e-1"}', 'pending', null)`.execute(db);
      await sql`insert into care_system.delivery_actions (delivery_id, action, from_status, actor, reason)
        values (2, 'retry', 'failed', 'cli:nurse', 'provider back')`.execute(db);
    });

    const inBundle = await care(["plug", "purge", "lab", "-d", "site", "--confirm", "lab"]);
    expect(inBundle.code, inBundle.output).toBe(1);
    expect(inBundle.output).toContain(
      "care: [plug_purge_refused] plug lab is in deployment site's plug.config.ts: purge deletes only plugs that were removed from it. " +
        "Nothing was changed",
    );
    expect(inBundle.output).toContain(
      "remove it from apps/site/plug.config.ts and run `pnpm care sync -d site` first, or switch it off instead",
    );

    // Taken out of plug.config.ts (and synced): `care migrate` marks it detached, `care status` lists it.
    await writeFile(join(workspace, "apps/site/src/plugs.generated.ts"), manifest(""));
    // Not yet detached: the bundle running on the database may still have it.
    const notDetached = await care(["plug", "purge", "lab", "-d", "site", "--confirm", "lab"]);
    expect(notDetached.code, notDetached.output).toBe(1);
    expect(notDetached.output).toContain(
      "care: [plug_purge_refused] plug lab is not detached in deployment site's database: the bundle that runs on it may still have the " +
        "plug. Nothing was changed",
    );
    expect(notDetached.output).toContain("deploy the bundle without it first");
    const migrate = await care(["migrate", "-d", "site"]);
    expect(migrate.code, migrate.output).toBe(0);
    expect(migrate.stdout).toContain(
      "plug lab: detached (no longer in plug.config.ts); its schema, role and data are kept. Purge it: pnpm care plug purge lab -d site " +
        "--confirm lab",
    );
    const status = await care(["status", "-d", "site"]);
    expect(status.code, status.output).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(
        /^lab\s+@fixtures\/lab\s+detached since \d{4}-\d\d-\d\dT[\d:.]+Z, last version 1\.0\.0/.source +
          /; schema plug_lab kept; 1 held delivery and 1 failed delivery/.source +
          /; purge: pnpm care plug purge lab -d site --confirm lab$/.source,
        "m",
      ),
    );

    const before = await snapshot();
    expect(before.results).toHaveLength(3);
    const refusals = [
      [
        ["plug", "purge", "lab", "-d", "site"],
        "care: [confirmation_needed] plug purge deletes plug lab of deployment site for good: its schema plug_lab (panels: 2 rows, " +
          "results: 3 rows), its role plug_lab_",
      ],
      [
        ["plug", "purge", "lab", "-d", "site", "--confirm", "lb"],
        "2 registry rows and 2 deliveries. Nothing was changed\n  an export of all of it is written to",
      ],
      [
        ["plug", "purge", "labs", "-d", "site", "--confirm", "labs"],
        "care: [plug_purge_refused] deployment site has no plug labs in its database. Nothing was changed\n  plugs removed from " +
          "plug.config.ts that purge can delete: lab (1.0.0)",
      ],
    ] as const;
    for (const [args, said] of refusals) {
      const refused = await care([...args]);
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toContain(said);
      expect(refused.output).not.toMatch(/\n\s+at /);
    }
    expect(await snapshot()).toEqual(before);

    // An export that cannot be written (its folder would be inside a file): nothing is dropped.
    await writeFile(join(workspace, "not-a-folder"), "");
    const unwritable = await care([
      "plug",
      "purge",
      "lab",
      "-d",
      "site",
      "--confirm",
      "lab",
      "--export-dir",
      join(workspace, "not-a-folder", "exports"),
    ]);
    expect(unwritable.code, unwritable.output).toBe(1);
    expect(unwritable.output).toContain(
      `care: [plug_purge_refused] plug lab: the export could not be written to ${join(workspace, "not-a-folder", "exports")} (`,
    );
    expect(unwritable.output).toContain(
      "Nothing was dropped\n  free space or fix the folder's permissions, or choose another folder with --export-dir <folder>",
    );
    expect(await snapshot()).toEqual(before);

    const purged = await care(["plug", "purge", "lab", "-d", "site", "--confirm", "lab"]);
    expect(purged.code, purged.output).toBe(0);
    const exportsDir = join(workspace, "apps/site/.care/site/exports");
    const [name, ...others] = await readdir(exportsDir);
    expect(others).toEqual([]);
    const file = join(exportsDir, name!);
    expect(purged.stdout).toContain(`exported plug lab (1.0.0) to ${file} (`);
    expect(purged.stdout).toContain("read back and checked: panels: 2 rows, results: 3 rows");
    expect(purged.stdout).toMatch(
      new RegExp(
        /purged from .*: its schema plug_lab \(panels: 2 rows, results: 3 rows\)/.source +
          /, its role plug_lab_[0-9a-f]{8}, 2 registry rows and 2 deliveries/.source,
      ),
    );

    // The export holds every row exactly as the tables held them, and the definitions.
    const exported = JSON.parse(await readFile(file, "utf8"));
    expect(exported).toMatchObject({ format: "care-plug-export", formatVersion: 1, plug: "lab", deployment: "site" });
    const table = (tableName: string) => exported.schema.tables.find((entry: { name: string }) => entry.name === tableName);
    expect(table("results").rows).toEqual(asExported(before.results as Array<Record<string, string | null>>));
    expect(table("panels").rows).toEqual([
      { code: "CBC", results: "1" },
      { code: "none", results: null },
    ]);
    expect(table("results").columns).toContainEqual({ name: "value", type: "numeric(30,10)", default: null, nullable: true, json: false });
    expect(table("results").columns[0]).toMatchObject({
      name: "id",
      type: "integer",
      default: "nextval('plug_lab.results_id_seq'::regclass)",
      nullable: false,
    });
    expect(table("results").constraints.map((entry: { definition: string }) => entry.definition)).toEqual([
      "PRIMARY KEY (id)",
      "CHECK ((value >= (0)::numeric))",
    ]);
    expect(table("results").indexes.map((entry: { name: string }) => entry.name)).toEqual(["results_patient", "results_pkey"]);
    expect(table("panels").constraints.map((entry: { definition: string }) => entry.definition)).toContain(
      "FOREIGN KEY (results) REFERENCES plug_lab.results(id)",
    );
    expect(exported.schema.sequences).toEqual([{ name: "results_id_seq", lastValue: "3", isCalled: true }]);
    expect(exported.schema.views.map((view: { name: string }) => view.name)).toEqual(["latest"]);
    const system = (tableName: string) => exported.system.find((entry: { name: string }) => entry.name === tableName).rows;
    expect(system("plugs")).toMatchObject([{ id: "lab", version: "1.0.0" }]);
    expect(system("plug_steps")).toMatchObject([{ plug_id: "lab", step: "install.sql" }]);
    expect(system("outbox").map((row: { status: string; last_error: string | null }) => [row.status, row.last_error])).toEqual([
      ["held", null],
      ["failed", "timeout\nafter 30 s"],
    ]);
    expect(system("delivery_actions")).toMatchObject([{ delivery_id: "2", action: "retry", actor: "cli:nurse", reason: "provider back" }]);

    // Read back by hand as the docs say: json_populate_recordset on the file's own text gives the very same values.
    const text = await readFile(file, "utf8");
    const restored = await query(async (db) => {
      await sql`create schema restore_check`.execute(db);
      await sql`create table restore_check.results (id int, patient text, note text, value numeric(30,10), taken_at timestamptz,
        details jsonb, raw json, tags text[])`.execute(db);
      const index = exported.schema.tables.indexOf(table("results"));
      await sql`insert into restore_check.results select * from json_populate_recordset(null::restore_check.results,
        ${text}::json -> 'schema' -> 'tables' -> ${index}::int -> 'rows')`.execute(db);
      const rows = await results(db, "restore_check");
      await sql`drop schema restore_check cascade`.execute(db);
      return rows;
    });
    expect(restored).toEqual(before.results);
    expect(restored[0]).toMatchObject({
      value: "12345678901234567890.0123456789",
      tags: '{one,"two, three",NULL}',
      raw: '{ "kept":  "as written" }',
    });

    // Gone: schema, role, registry rows, its deliveries and their journal; another plug's delivery stays.
    const after = await snapshot();
    expect(after.results).toMatch(/plug_lab.*does not exist/);
    expect(after).toMatchObject({ registry: [], steps: [], role: [], journal: [], outbox: [{ subscriber: "sms", status: "pending" }] });
    const logins = await query(
      async (db) => (await sql`select role from care_system.plug_logins where role like 'plug_lab_%'`.execute(db)).rows,
    );
    expect(logins).toEqual([]);
    const statusAfter = await care(["status", "-d", "site"]);
    expect(statusAfter.stdout).not.toMatch(/^lab /m);
  }, 300_000);

  it.skipIf(server)(
    "refuses while the deployment holds its data folder",
    async () => {
      const running = await openDatabase({ dataDir: site.dataDir });
      try {
        const result = await care(["plug", "purge", "lab", "-d", "site", "--confirm", "lab"]);
        expect(result.code, result.output).toBe(1);
        expect(result.output).toContain("`care plug purge` cannot open it while the deployment runs");
        expect(result.output).toContain("stop the deployment first, then run `pnpm care plug purge` again");
      } finally {
        await running.close();
      }
    },
    120_000,
  );
});
