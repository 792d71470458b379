import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkInstallMatchesChain,
  checkUpgradeStepForChangedInstall,
  nextStepFileName,
  openMigrationCheckDatabase,
  renameNextStep,
  type MigrationCheckDatabase,
  type MigrationCheckPlug,
} from "../src/check/migration-drift.js";
import { sqlWithoutNoise } from "@care/runtime/tooling";

const labMigrations = fileURLToPath(new URL("../../../plugs/lab/migrations/", import.meta.url));
const labPackage = async () =>
  JSON.parse(await readFile(join(labMigrations, "../package.json"), "utf8")) as {
    version: string;
    care: { plug: { coreReads: Record<string, string[]> } };
  };
const labVersion = async () => (await labPackage()).version;

/** A plug "shop" at 1.1.0: released 1.0.0 with baseline/1.0.0.sql, then one upgrade step. */
const baseline = `
create table orders (
  id uuid primary key,
  patient_id uuid not null references core.patients (id),
  status text not null default 'pending',
  constraint orders_status_check check (status in ('pending', 'done'))
);
create index orders_patient on orders (patient_id);
`;
const step110 = `
create table results (
  id uuid primary key,
  order_id uuid not null references orders (id) on delete cascade,
  unit varchar(20)
);
create index orders_pending on orders (patient_id) where status = 'pending';
alter table orders drop constraint orders_status_check;
alter table orders add constraint orders_status_check check (status in ('pending', 'done', 'cancelled'));
`;
/** What baseline + step110 build, written as one install script. */
const install110 = `
-- shop 1.1.0, the whole schema.
create table orders (
  id uuid primary key,
  patient_id uuid not null references core.patients (id),
  status text not null default 'pending',
  constraint orders_status_check check (status in ('pending', 'done', 'cancelled'))
);
create index orders_patient on orders (patient_id);
create index orders_pending on orders (patient_id) where status = 'pending';
create table results (
  id uuid primary key,
  order_id uuid not null references orders (id) on delete cascade,
  unit varchar(20)
);
`;

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "care-drift-"));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

async function shop(
  install: string,
  files: Record<string, string> = {},
  plug: Partial<MigrationCheckPlug> = {},
): Promise<MigrationCheckPlug> {
  const migrations = await folder({ "install.sql": install, "baseline/1.0.0.sql": baseline, "upgrade/1.0.0_1.1.0.sql": step110, ...files });
  // Its tables reference core.patients (id), which it declares, as a real plug's package.json would.
  return {
    id: "shop",
    version: "1.1.0",
    block: { coreReads: { patients: ["id"] } },
    ...plug,
    definition: { migrations, ...plug.definition },
  };
}

describe("checkInstallMatchesChain", () => {
  let database: MigrationCheckDatabase;
  beforeAll(async () => {
    database = await openMigrationCheckDatabase();
  });
  afterAll(() => database?.close());
  const check = (plug: MigrationCheckPlug) => checkInstallMatchesChain(plug, { database });

  it("passes plugs/lab: its install.sql builds what baseline/1.0.0.sql and its upgrade steps build", async () => {
    const result = await check({
      id: "lab",
      version: await labVersion(),
      block: (await labPackage()).care.plug,
      definition: { migrations: labMigrations },
    });
    expect(result).toEqual({
      plug: "lab",
      ok: true,
      differences: [],
      chain: ["baseline/1.0.0.sql", "upgrade/1.0.0_1.1.0.sql", "upgrade/1.1.0_1.2.0.sql"],
      summary:
        "plug lab: install.sql builds the same schema plug_lab as baseline/1.0.0.sql + upgrade/1.0.0_1.1.0.sql + upgrade/1.1.0_1.2.0.sql",
    });
  });

  it("passes a plug whose install.sql matches its chain, and leaves the shared database as it was", async () => {
    const plug = await shop(install110);
    for (let run = 0; run < 2; run += 1) expect(await check(plug)).toMatchObject({ ok: true, differences: [] });
  });

  it("reports a column only install.sql has", async () => {
    const plug = await shop(install110.replace("unit varchar(20)", "unit varchar(20),\n  note text"));
    const result = await check(plug);
    expect(result.ok).toBe(false);
    expect(result.differences).toEqual(["table results: column note exists only in install.sql"]);
    expect(result.summary).toBe(
      [
        "plug shop: install.sql and baseline/1.0.0.sql + upgrade/1.0.0_1.1.0.sql build different schemas plug_shop (1 difference):",
        "  - table results: column note exists only in install.sql",
        `  make install.sql and the upgrade steps in ${plug.definition.migrations} end at the same schema`,
      ].join("\n"),
    );
  });

  it("reports a column whose type differs", async () => {
    const result = await check(await shop(install110.replace("unit varchar(20)", "unit text")));
    expect(result.differences).toEqual(["table results: column unit is text in install.sql but varchar(20) after the upgrade chain"]);
  });

  it("reports an index install.sql lacks", async () => {
    const result = await check(
      await shop(install110.replace("create index orders_pending on orders (patient_id) where status = 'pending';", "")),
    );
    expect(result.differences).toEqual([
      "index orders_pending exists only after the upgrade chain (on orders (patient_id) WHERE (status = 'pending'::text))",
    ]);
  });

  it("reports a foreign key whose action differs", async () => {
    const result = await check(await shop(install110.replace("references orders (id) on delete cascade", "references orders (id)")));
    expect(result.differences).toEqual([
      "table results: foreign key results_order_id_fkey has ON DELETE NO ACTION in install.sql but ON DELETE CASCADE after the upgrade " +
        "chain",
    ]);
  });

  it("reports a check constraint whose condition differs", async () => {
    const result = await check(await shop(install110.replace("('pending', 'done', 'cancelled')", "('pending', 'done')")));
    expect(result.differences).toEqual([
      "table orders: check constraint orders_status_check is CHECK (status = ANY (ARRAY['pending'::text, 'done'::text])) in install.sql" +
        " but CHECK (status = ANY (ARRAY['pending'::text, 'done'::text, 'cancelled'::text])) after the upgrade chain",
    ]);
  });

  it("reports nullability, defaults, column order, renamed constraints and missing tables, each once", async () => {
    const install = `
      create table orders (
        id uuid primary key,
        status text default 'open',
        patient_id uuid not null references core.patients (id),
        constraint orders_status_ok check (status in ('pending', 'done', 'cancelled'))
      );
      create index orders_patient on orders (patient_id, status);
      create index orders_pending on orders (patient_id) where status = 'pending';`;
    const result = await check(await shop(install));
    expect(result.differences).toEqual([
      "table orders: column status is nullable in install.sql but not null after the upgrade chain",
      "table orders: column status defaults to 'open'::text in install.sql but 'pending'::text after the upgrade chain",
      "table orders: the columns are in a different order: id, status, patient_id in install.sql but id, patient_id, status after the " +
        "upgrade chain",
      "table orders: check constraint orders_status_ok in install.sql is named orders_status_check after the upgrade chain" +
        " (CHECK (status = ANY (ARRAY['pending'::text, 'done'::text, 'cancelled'::text])))",
      "index orders_patient is on orders (patient_id, status) in install.sql but on orders (patient_id) after the upgrade chain",
      "table results exists only after the upgrade chain",
    ]);
  });

  it("compares views, functions, triggers, sequences, enum and range types", async () => {
    const extras = (body: string, label: string, columns: string, subtype: string) => `
      create type priority as enum ('routine', 'urgent'${label});
      create type score_range as range (subtype = ${subtype});
      create sequence order_numbers start 100;
      create view pending_orders as select ${columns} from orders where status = 'pending';
      create function touch() returns trigger language plpgsql as $$ begin ${body}; return new; end $$;
      create trigger orders_touch before update on orders for each row execute function touch();`;
    const plug = await shop(install110 + extras("new.status := new.status", "", "id, patient_id", "int4"), {
      "upgrade/1.0.0_1.1.0.sql": step110 + extras("new.status := lower(new.status)", ", 'stat'", "id, patient_id, status", "int8"),
    });
    const result = await check(plug);
    expect(result.differences).toEqual([
      "view pending_orders is SELECT id, patient_id FROM orders WHERE status = 'pending'::text in install.sql" +
        " but SELECT id, patient_id, status FROM orders WHERE status = 'pending'::text after the upgrade chain",
      "function touch() has the body begin new.status := new.status; return new; end in install.sql but begin new.status := " +
        "lower(new.status); return new; end after the upgrade chain",
      "enum type priority has the values 'routine', 'urgent' in install.sql but 'routine', 'urgent', 'stat' after the upgrade chain",
      // Not the constructor functions PostgreSQL makes for each range type.
      "range type score_range is a range of integer in install.sql but bigint after the upgrade chain",
    ]);
  });

  it("runs TypeScript upgrade steps after the SQL steps", async () => {
    const install = install110.replace("unit varchar(20)", "unit varchar(20),\n  note text");
    const upgrades = {
      "1.1.0_1.2.0": async (db: Parameters<NonNullable<MigrationCheckPlug["definition"]["upgrades"]>[string]>[0]) => {
        await db.schema.alterTable("results").addColumn("note", "text").execute();
      },
    };
    const result = await check(await shop(install, {}, { version: "1.2.0", definition: { upgrades } }));
    expect(result).toMatchObject({
      ok: true,
      chain: ["baseline/1.0.0.sql", "upgrade/1.0.0_1.1.0.sql", "upgrade step 1.1.0_1.2.0 (TypeScript)"],
    });
  });

  it("reports a failing step with its name, line and error instead of throwing", async () => {
    const broken = step110.replace(
      "alter table orders drop constraint orders_status_check;",
      "alter table orders drop column no_such_column;",
    );
    const result = await check(await shop(install110, { "upgrade/1.0.0_1.1.0.sql": broken }));
    expect(result.ok).toBe(false);
    expect(result.failedStep).toBe("upgrade/1.0.0_1.1.0.sql");
    // PostgreSQL gives no position for this error; the statement that failed is found and its line said.
    const line = broken.split("\n").findIndex((text) => text.includes("no_such_column")) + 1;
    expect(result.differences).toEqual([
      `upgrade/1.0.0_1.1.0.sql failed at line ${line}: column "no_such_column" of relation "orders" does not exist`,
    ]);
    expect(result.summary).toMatch(
      new RegExp(
        /^plug shop: upgrade\/1\.0\.0_1\.1\.0\.sql failed at line \d+: .*/.source +
          /, so install\.sql and baseline\/1\.0\.0\.sql \+ upgrade\/1\.0\.0_1\.1\.0\.sql could not be compared\./.source +
          / Fix the script in \S+ and run care check again$/.source,
      ),
    );

    // A syntax error has a position: the line is said.
    const typo = await check(await shop(install110, { "upgrade/1.0.0_1.1.0.sql": `${step110}\nalter tabel orders add column x text;\n` }));
    expect(typo.differences).toEqual([
      `upgrade/1.0.0_1.1.0.sql failed at line ${step110.split("\n").length + 1}: syntax error at or near "tabel"`,
    ]);
  });

  it("reports a failing TypeScript step and a broken install.sql", async () => {
    const upgrades = {
      "1.1.0_1.2.0": async () => {
        throw new Error("results need a unit");
      },
    };
    const failing = await check(await shop(install110, {}, { version: "1.2.0", definition: { upgrades } }));
    expect(failing).toMatchObject({
      ok: false,
      failedStep: "upgrade step 1.1.0_1.2.0 (TypeScript)",
      differences: ["upgrade step 1.1.0_1.2.0 (TypeScript) failed: results need a unit"],
    });
    const broken = await check(await shop(`${install110}\ncreate index on no_such_table (id);`));
    expect(broken).toMatchObject({
      ok: false,
      failedStep: "install.sql",
      differences: [expect.stringMatching(/^install\.sql failed.*relation "no_such_table" does not exist/)],
    });
  });

  it("reports a chain with a gap and steps without a baseline; passes a plug with neither", async () => {
    const gap = await check(await shop(install110, { "upgrade/1.2.0_1.3.0.sql": "select 1;" }, { version: "1.3.0" }));
    expect(gap).toMatchObject({
      ok: false,
      differences: ["the upgrade chain has a gap: nothing goes from 1.1.0 to 1.2.0; add upgrade/1.1.0_1.2.0.sql"],
    });

    const noBaseline = await check({
      id: "shop",
      version: "1.1.0",
      definition: { migrations: await folder({ "install.sql": install110, "upgrade/1.0.0_1.1.0.sql": step110 }) },
    });
    expect(noBaseline.ok).toBe(false);
    expect(noBaseline.differences[0]).toMatch(/^the upgrade steps start at 1\.0\.0 but there is no migrations\/baseline\/1\.0\.0\.sql/);
    expect(noBaseline.summary).toMatch(/^plug shop: the upgrade steps start at 1\.0\.0/);

    const nothing = await check({ id: "shop", version: "1.0.0", definition: { migrations: await folder({ "install.sql": baseline }) } });
    expect(nothing).toEqual({
      plug: "shop",
      ok: true,
      differences: [],
      chain: [],
      summary: "plug shop has no baseline and no upgrade steps; nothing to compare",
    });
    expect(await check({ id: "shop", version: "1.0.0", definition: {} })).toMatchObject({ ok: true, chain: [] });
  });

  it("checks a next step not yet given its version", async () => {
    const install = install110.replace("unit varchar(20)", "unit varchar(20),\n  note text");
    const plug = await shop(install, { [nextStepFileName("1.1.0")]: "alter table results add column note text;" });
    expect(await check(plug)).toMatchObject({
      ok: true,
      chain: ["baseline/1.0.0.sql", "upgrade/1.0.0_1.1.0.sql", "upgrade/1.1.0_next.sql"],
    });
  });

  it("builds in PGlite even when DATABASE_URL is set", async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "postgres://nobody:secret@127.0.0.1:1/nowhere";
    try {
      expect(await checkInstallMatchesChain(await shop(install110))).toMatchObject({ ok: true });
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});

describe("checkUpgradeStepForChangedInstall", () => {
  it("passes when install.sql changed only in comments, whitespace or case", async () => {
    const plug = await shop(install110);
    const released =
      `-- an older comment\nCREATE TABLE orders (id uuid PRIMARY KEY,\n patient_id uuid not null references ` +
      `core.patients(id),${install110.split("references core.patients (id),")[1]}`;
    expect(await checkUpgradeStepForChangedInstall(plug, { version: "1.1.0", installSql: released })).toEqual({
      plug: "shop",
      ok: true,
      problems: [],
      summary: "plug shop: install.sql has not changed since 1.1.0",
    });
  });

  it("fails when install.sql changed since the release and no step starts there", async () => {
    const plug = await shop(install110);
    const released = install110.replace("unit varchar(20)", "unit text");
    const result = await checkUpgradeStepForChangedInstall(plug, { version: "1.1.0", installSql: released });
    expect(result).toMatchObject({
      ok: false,
      problems: ["install.sql changed since 1.1.0 but there is no upgrade/1.1.0_<next>.sql"],
      nextStep: "upgrade/1.1.0_next.sql",
    });
    expect(result.summary).toBe(
      "plug shop: install.sql changed since 1.1.0 but there is no upgrade/1.1.0_<next>.sql. Databases at 1.1.0 would keep the old schema:" +
        " write the step as migrations/upgrade/1.1.0_next.sql (it is renamed to the new version after `pnpm changeset version`)",
    );
  });

  it("passes when a step, or a next step, upgrades from the released version", async () => {
    expect(await checkUpgradeStepForChangedInstall(await shop(install110), { version: "1.0.0", installSql: baseline })).toMatchObject({
      ok: true,
      summary: "plug shop: install.sql changed since 1.0.0 and upgrade/1.0.0_1.1.0 upgrades from it",
    });
    const withNext = await shop(install110, { "upgrade/1.1.0_next.sql": "alter table results add column note text;" });
    const result = await checkUpgradeStepForChangedInstall(withNext, {
      version: "1.1.0",
      installSql: install110.replace("unit varchar(20)", "unit text"),
    });
    expect(result.ok).toBe(true);
    expect(result.summary).toContain(
      "upgrade/1.1.0_next upgrades from it; rename upgrade/1.1.0_next.sql to its version after `pnpm changeset version`",
    );
  });

  it("ignores comments, whitespace and case outside quotes, never inside", () => {
    expect(sqlWithoutNoise("CREATE  TABLE x ( a text ) ; -- done\n/* a /* nested */ comment */")).toBe("create table x(a text);");
    expect(sqlWithoutNoise("select '-- Kept', \"Mixed\", $f$ Body  /* kept */ $f$")).toBe(
      "select'-- Kept',\"Mixed\",$f$ Body  /* kept */ $f$",
    );
    expect(sqlWithoutNoise("select 'a'")).not.toBe(sqlWithoutNoise("select 'A'"));
  });
});

describe("next upgrade step", () => {
  it("names the file for the step after a version", () => {
    expect(nextStepFileName("1.2.0")).toBe("upgrade/1.2.0_next.sql");
    expect(() => nextStepFileName("1.2")).toThrow('"1.2" is not a version like 1.2.0');
  });

  it("renames upgrade/<from>_next.sql to the new version, once", async () => {
    const dir = await folder({
      "install.sql": "",
      "upgrade/1.0.0_1.1.0.sql": "",
      "upgrade/1.1.0_next.sql": "alter table results add column note text;",
    });
    expect(await renameNextStep(dir, "1.2.0")).toEqual({ from: "upgrade/1.1.0_next.sql", to: "upgrade/1.1.0_1.2.0.sql" });
    expect((await readdir(join(dir, "upgrade"))).sort()).toEqual(["1.0.0_1.1.0.sql", "1.1.0_1.2.0.sql"]);
    expect(await readFile(join(dir, "upgrade/1.1.0_1.2.0.sql"), "utf8")).toBe("alter table results add column note text;");
    expect(await renameNextStep(dir, "1.2.0")).toBeUndefined();
  });

  it("refuses a version that is not newer, or a step that already exists", async () => {
    const dir = await folder({ "upgrade/1.1.0_next.sql": "", "upgrade/1.1.0_1.2.0.sql": "" });
    await expect(renameNextStep(dir, "1.1.0")).rejects.toThrow("1.1.0 is not newer than 1.1.0; bump the version first");
    await expect(renameNextStep(dir, "1.2.0")).rejects.toThrow(
      "cannot rename upgrade/1.1.0_next.sql: upgrade/1.1.0_1.2.0.sql already exists",
    );
    expect((await readdir(join(dir, "upgrade"))).sort()).toEqual(["1.1.0_1.2.0.sql", "1.1.0_next.sql"]);
  });
});
