import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openIsolationDeployment, plugSql, sites, type IsolationDeployment, type Step } from "./deployment.js";
import { expectRan, expectRefused } from "./expect-refused.js";

// A plug may read the core's granted columns and keep its own tables; it may never write, reshape or
// drop the core's. Each attack runs from every place a plug's code runs, as SQL and through Kysely.
let deployment: IsolationDeployment;
beforeAll(async () => {
  deployment = await openIsolationDeployment();
});
afterAll(() => deployment?.close());

const attacks: Array<[string, Step]> = [
  ["inserts a facility", plugSql(sql`insert into core.facilities (id, name, kind) values (gen_random_uuid(), 'Fake', 'clinic')`)],
  [
    "inserts a facility through Kysely",
    (context) => context.db.insertInto("core.facilities").values({ id: crypto.randomUUID(), name: "Fake", kind: "clinic" }).execute(),
  ],
  ["promotes the nurse to admin", plugSql(sql`update core.users set roles = '{admin}' where username = 'nurse'`)],
  ["renames every patient through Kysely", (context) => context.db.updateTable("core.patients").set({ name: "Renamed" }).execute()],
  ["deletes every patient", plugSql(sql`delete from core.patients`)],
  ["empties the sessions with TRUNCATE", plugSql(sql`truncate core.sessions`)],
  ["adds a column to a core table", plugSql(sql`alter table core.patients add column plug_data text`)],
  ["drops a core table", plugSql(sql`drop table core.encounters cascade`)],
  ["creates a table in the core schema", plugSql(sql`create table core.extra (id int)`)],
];

describe.each(sites)("a plug's code run from %s", (site) => {
  it("may read and write its own table and read core facilities (control)", async () => {
    const outcomes = await deployment.attackAndCompare(site, [
      plugSql(sql`insert into notes (id, body) values (2, 'mine too')`),
      plugSql(sql`select body from notes order by id`),
      plugSql(sql`delete from notes where id = 2`),
      (context) => context.db.selectFrom("core.facilities").select("name").orderBy("name").execute(),
    ]);
    for (const outcome of outcomes) expectRan(outcome);
    expect(expectRan(outcomes[1])).toEqual([{ body: "mine" }, { body: "mine too" }]);
    expect(expectRan(outcomes[3])).toEqual([{ name: "North" }, { name: "South" }, { name: "Trigger" }]);
  });

  it("is refused reading core tables and columns its care.plug block does not declare, and says where to declare them", async () => {
    const reads: Step[] = [
      (context) => context.db.selectFrom("core.patients").select("name").execute(),
      plugSql(sql`select count(*) from core.encounters`),
      plugSql(sql`select display_name from core.users`),
      // A declared table joined to an undeclared one: the whole statement is refused.
      plugSql(sql`select f.name, p.name from core.facilities f join core.patients p on p.facility_id = f.id`),
    ];
    // One at a time: inside a core write, the first refusal ends the transaction.
    for (const read of reads) {
      const [outcome] = await deployment.attackAndCompare(site, [read]);
      expectRefused(outcome);
      if (outcome && !outcome.ok) expect(outcome.message).toMatch(/care\.plug\.coreReads/);
    }
  });

  it("is refused when it opens a transaction of its own on context.db, naming the plug", async () => {
    // Its own transaction would hold none of the core's work; context.transaction(work) is the way.
    const [outcome] = await deployment.attackAndCompare(site, [
      (context) =>
        context.db
          .transaction()
          .execute((trx) => trx.insertInto("core.facilities").values({ id: crypto.randomUUID(), name: "Fake", kind: "clinic" }).execute()),
    ]);
    expect(outcome?.ok).toBe(false);
    if (outcome && !outcome.ok) expect(outcome.message).toMatch(/^plug attacker\b.*context\.transaction/);
  });

  for (const [what, step] of attacks) {
    it(`is refused when it ${what}, and nothing changes`, async () => {
      const [outcome] = await deployment.attackAndCompare(site, [step]);
      expectRefused(outcome);
    });
  }
});
