import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openScratchDatabase, type CareDatabase } from "@care/core";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { definePlug, type AnyPlugDefinition } from "@care/plug-api";
import { bootPlugs, fixturePlug, memoryLogger } from "./fixture-plug.js";

let database: CareDatabase;
beforeEach(async () => {
  database = await openScratchDatabase();
});
afterEach(() => database.close());

const withVersion = (plug: AnyPlugDefinition, version: string) =>
  definePlug({ ...plug, package: { ...plug.package, version } }) as AnyPlugDefinition;

const registry = async () =>
  (
    await sql<{
      id: string;
      version: string;
      detached: boolean;
    }>`select id, version, detached_at is not null as detached from care_system.plugs order by id`.execute(database.db)
  ).rows;
const beds = async () => (await sql<Record<string, unknown>>`select * from plug_ward.beds order by id`.execute(database.db)).rows;
const warnings = (lines: string[]) =>
  lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 40 && /detached/.test(entry.msg));

/**
 * A plug taken out of plug.config.ts keeps its schema, role and rows, and the registry remembers
 * its version; put back with a newer release, it upgrades from there on the rows it kept.
 */
describe("a plug that leaves plug.config.ts", () => {
  it("is detached with its data kept, said once, and resumes through its upgrade chain when added back", async () => {
    const ward = await fixturePlug({
      id: "ward",
      install: "create table beds (id int primary key, note text);\ninsert into beds values (1, 'window'), (2, null);",
    });
    const other = await fixturePlug({ id: "other" });
    await (await bootPlugs([ward, other], { database })).close();
    // A delivery still waits for it when it goes.
    await sql`insert into care_system.outbox (event_id, signal, subscriber, payload)
      values (gen_random_uuid(), 'encounter.closed', 'ward', '{}')`.execute(database.db);
    const delivery = async () =>
      (await sql<{ status: string }>`select status from care_system.outbox where subscriber = 'ward'`.execute(database.db)).rows[0]!.status;

    // Removed: the deployment starts without it, twice (the second start finds it marked already).
    const first = memoryLogger();
    await (await bootPlugs([other], { database, logger: first.logger })).close();
    expect(await registry()).toEqual([{ id: "ward", version: "1.0.0", detached: true }]);
    expect(await beds()).toEqual([
      { id: 1, note: "window" },
      { id: 2, note: null },
    ]);
    const [said] = warnings(first.lines);
    expect(said.msg).toContain(
      "plug ward is no longer in plug.config.ts: detached at version 1.0.0. Kept: its schema plug_ward, its database role",
    );
    expect(said.msg).toContain("its registry rows and its 1 waiting delivery (held while it is away)");
    expect(said.msg).toContain("pnpm care plug purge ward -d <deployment> --confirm ward");
    expect(await delivery()).toBe("held");
    const { rows: since } = await sql<{ detached_at: Date }>`select detached_at from care_system.plugs where id = 'ward'`.execute(
      database.db,
    );
    const second = memoryLogger();
    await (await bootPlugs([other], { database, logger: second.logger })).close();
    expect(warnings(second.lines)).toEqual([]);
    const { rows: still } = await sql<{ detached_at: Date }>`select detached_at from care_system.plugs where id = 'ward'`.execute(
      database.db,
    );
    expect(still[0]!.detached_at).toEqual(since[0]!.detached_at);

    // Back, as 2.0.0 with a step from 1.0.0: the step runs on the rows kept while it was away.
    await writeFile(
      join(ward.migrations as string, "upgrade", "1.0.0_2.0.0.sql"),
      "alter table beds add column label text;\nupdate beds set label = 'bed ' || id;",
    );
    await writeFile(join(ward.migrations as string, "install.sql"), "create table beds (id int primary key, note text, label text);");
    const back = await bootPlugs([withVersion(ward, "2.0.0"), other], { database });
    expect(back.migrations.find((report) => report.id === "ward")).toMatchObject({
      plan: "upgrade",
      from: "1.0.0",
      to: "2.0.0",
      ran: ["upgrade/1.0.0_2.0.0"],
    });
    await back.close();
    expect(await registry()).toEqual([{ id: "ward", version: "2.0.0", detached: false }]);
    expect(await delivery()).toBe("pending");
    expect(await beds()).toEqual([
      { id: 1, note: "window", label: "bed 1" },
      { id: 2, note: null, label: "bed 2" },
    ]);
  });

  it.skipIf(!process.env.DATABASE_URL)("is marked, and said, once when two instances start without it at the same time", async () => {
    const ward = await fixturePlug({ id: "ward", install: "create table beds (id int primary key);" });
    await (await bootPlugs([ward], { database })).close();
    const logs = [memoryLogger(), memoryLogger()];
    const both = await Promise.all(logs.map((log) => bootPlugs([], { database, logger: log.logger })));
    for (const booted of both) await booted.close();
    expect(logs.flatMap((log) => warnings(log.lines))).toHaveLength(1);
    expect(await registry()).toEqual([{ id: "ward", version: "1.0.0", detached: true }]);
  });
});
