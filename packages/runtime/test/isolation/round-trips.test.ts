import { systemActor } from "@care/core";
import { CompiledQuery, sql, type Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PlugContext } from "@care/plug-api";
import { route } from "../untyped-route.js";
import { roleOn } from "../../src/plugs/session/role-on-connection.js";
import { bootPlugs, fixturePlug, memoryLogger } from "../fixture-plug.js";

// A write a plug opens with context.transaction costs the round trips of the core's own: its role
// switch rides with BEGIN (core: lazy-begin-driver.ts) and nothing goes back to the app's role before
// COMMIT (RoleOnConnection.end). These tests hold what that must not lose: a failed plug statement
// still fails the write, and whatever the core runs after a plug's statements runs as the app.

const notes = (db: Kysely<any>) => db.selectFrom("notes").select("body").orderBy("id").execute();
const whoAmI = (db: Kysely<any>) => sql<{ user: string }>`select current_user as "user"`.execute(db).then((result) => result.rows[0]!.user);
const addNote = (db: Kysely<any>, body: string) => db.insertInto("notes").values({ body }).execute();

/** The plug's routes: each one context.transaction, the write opened by the plug. */
const routes = [
  route.post("/two-notes", (request, _reply, context) =>
    context.transaction(async (db) => {
      const { body } = request.body as { body: string };
      await addNote(db, `${body} 1`);
      await addNote(db, `${body} 2`);
      return { ok: true };
    }),
  ),
  // The plug catches its failed statement and goes on: PostgreSQL would answer COMMIT with a silent rollback.
  route.post("/swallowed-failure", (_request, _reply, context) =>
    context.transaction(async (db) => {
      await addNote(db, "lost with the write");
      await addNote(db, "lost with the write").catch(() => undefined);
      return { saved: true };
    }),
  ),
  route.post("/core-between", (request, _reply, context) =>
    context.transaction(async (db) => {
      const { name } = request.body as { name: string };
      await addNote(db, `before ${name}`);
      const facility = await context.core.facilities.create({ name, kind: "clinic" });
      await addNote(db, `after ${name}`);
      return { facility, user: await whoAmI(db) };
    }),
  ),
  route.post("/core-then-refused", (request, _reply, context) =>
    context.transaction(async (db) => {
      const { name } = request.body as { name: string };
      await addNote(db, `before ${name}`);
      await context.core.facilities.create({ name, kind: "clinic" });
      await sql`update core.facilities set name = 'taken over'`.execute(db);
      return { done: true };
    }),
  ),
];

let deployment: Awaited<ReturnType<typeof bootPlugs>>;
const log = memoryLogger();
let token: string;
let plugRole: string;
let alpha: PlugContext | undefined;

beforeAll(async () => {
  const writer = await fixturePlug({
    id: "alpha",
    install: "create table notes (id serial primary key, body text not null unique);",
    routes,
    on: {
      // In the core's write, before the durable outbox row of plug beta: a core statement after a plug's.
      "patient.created": { mode: "inTransaction", handle: (payload: any, context) => addNote(context.db, `seen ${payload.patient.name}`) },
    },
    hooks: { start: (context) => void (alpha = context) },
  });
  const listener = await fixturePlug({ id: "beta", on: { "patient.created": { mode: "durable", handle: () => undefined } } });
  deployment = await bootPlugs([writer, listener], { logger: log.logger });
  token = await deployment.token();
  plugRole = await whoAmI(alpha!.db);
});
afterAll(() => deployment?.close());

const post = (path: string, payload: object) =>
  deployment.app.inject({ method: "POST", url: `/api/plugs/alpha${path}`, headers: { authorization: `Bearer ${token}` }, payload });
const facilityNames = async () =>
  (await deployment.database.db.selectFrom("core.facilities").select("name").execute()).map((row) => row.name);

describe("a write opened by a plug's context.transaction", () => {
  it("runs the plug's statements as its role, and commits them", async () => {
    expect(plugRole).toMatch(/^plug_alpha(_[0-9a-f]{8})?$/);
    const response = await post("/two-notes", { body: "kept" });
    expect(response.statusCode, response.body).toBe(200);
    expect(await notes(alpha!.db)).toEqual(expect.arrayContaining([{ body: "kept 1" }, { body: "kept 2" }]));
  });

  it("fails as a whole when a plug statement failed in it, though the plug caught the error", async () => {
    const response = await post("/swallowed-failure", {});
    expect(response.statusCode, response.body).toBe(500);
    expect(log.lines.join("\n")).toMatch(/a statement of plug_alpha\S* failed inside the core's write/);
    expect(await notes(alpha!.db)).not.toContainEqual({ body: "lost with the write" });
  });

  it("runs a core call made after the plug's statements as the app, and the plug's next statement as the plug again", async () => {
    const response = await post("/core-between", { name: "Made by a plug's core call" });
    expect(response.statusCode, response.body).toBe(200);
    // The plug's role may not insert into core.facilities: the core's statements ran as the app.
    expect(await facilityNames()).toContain("Made by a plug's core call");
    expect(response.json().user).toBe(plugRole);
    expect(await notes(alpha!.db)).toEqual(
      expect.arrayContaining([{ body: "before Made by a plug's core call" }, { body: "after Made by a plug's core call" }]),
    );
  });

  it("refuses a plug statement on a core table after a core call, and then nothing of the write is saved", async () => {
    const response = await post("/core-then-refused", { name: "Never saved" });
    expect(response.statusCode, response.body).toBe(500);
    expect(log.lines.join("\n")).toMatch(/plug alpha: permission denied for table facilities/);
    expect(await facilityNames()).not.toContain("Never saved");
    expect(await facilityNames()).not.toContain("taken over");
    expect(await notes(alpha!.db)).not.toContainEqual({ body: "before Never saved" });
  });
});

describe("an in-transaction handler in the core's write", () => {
  it("hands the connection back to the app before the core's next statement (the outbox row of a durable subscriber)", async () => {
    const facility = await deployment.core.facilities.create(systemActor("test"), { name: "Ward", kind: "hospital" });
    await deployment.core.patients.create(systemActor("test"), {
      facilityId: facility.id,
      name: "Handled Patient",
      birthDate: "1990-01-01",
      sex: "male",
    });
    expect(await notes(alpha!.db)).toContainEqual({ body: "seen Handled Patient" });
    const outbox = await deployment.database.db
      .selectFrom("care_system.outbox")
      .select("subscriber")
      .where("signal", "=", "patient.created")
      .execute();
    expect(outbox.map((row) => row.subscriber)).toContain("beta");
  });
});

describe("the role on a transaction once the plug's code of it ended", () => {
  it("refuses a late plug statement and a late core call, which could otherwise run after COMMIT as the app", async () => {
    await deployment.database.db.transaction().execute(async (tx) => {
      const role = roleOn(tx);
      await role.runAs(plugRole, "plug_alpha", CompiledQuery.raw("select 1"));
      await role.end();
      await expect(role.runAs(plugRole, "plug_alpha", CompiledQuery.raw("select 1"))).rejects.toThrow(
        /came after the end of the core's write/,
      );
      await expect(role.leave()).rejects.toThrow(/came after the end of the core's write/);
    });
  });

  it("still reports a plug statement that failed in it", async () => {
    const failed = deployment.database.db.transaction().execute(async (tx) => {
      const role = roleOn(tx);
      await role.runAs(plugRole, "plug_alpha", CompiledQuery.raw("select * from no_such_table")).catch(() => undefined);
      await role.end();
    });
    await expect(failed).rejects.toThrow(/failed inside the core's write, so the whole write is rolled back/);
  });
});

describe.skipIf(!process.env.DATABASE_URL)("round trips of a write on a PostgreSQL server", () => {
  /** What the app's connection sent for one request, from its write's first statement to its COMMIT or ROLLBACK. */
  async function sentInWrite(request: () => Promise<unknown>): Promise<string[]> {
    const query = vi.spyOn(pg.Client.prototype, "query");
    try {
      await request();
      const texts = query.mock.calls.map(([text]) => String(typeof text === "string" ? text : (text as { text: string }).text));
      const first = texts.findIndex((text) => /^(begin|start transaction)\b/.test(text));
      const client = query.mock.contexts[first];
      const sent = texts.filter((_, index) => index >= first && query.mock.contexts[index] === client);
      return sent.slice(0, sent.findIndex((text) => /^(commit|rollback)$/.test(text)) + 1);
    } finally {
      query.mockRestore();
    }
  }

  it("costs BEGIN with the role switch, the plug's statements and COMMIT: nothing goes back to the app's role", async () => {
    const sent = await sentInWrite(() => post("/two-notes", { body: "counted" }));
    expect(sent).toHaveLength(4);
    expect(sent[0]).toMatch(/^begin;\nselect current_setting\('search_path'\) as path, set_config\('role', 'plug_alpha[^']*', true\)/);
    expect(sent[1]).toMatch(/^insert into "plug_alpha"."notes"/);
    expect(sent[2]).toMatch(/^insert into "plug_alpha"."notes"/);
    expect(sent[3]).toBe("commit");
  });

  it("still goes back to the app's role before a core call", async () => {
    const sent = await sentInWrite(() => post("/core-between", { name: "Counted facility" }));
    const back = sent.findIndex((text) => text.startsWith("select set_config('role', 'none', true)"));
    const core = sent.findIndex((text) => text.startsWith('insert into "core"."facilities"'));
    expect(back).toBeGreaterThan(0);
    expect(core).toBeGreaterThan(back);
    expect(sent.slice(back + 1, core).some((text) => text.includes("set_config('role'"))).toBe(false);
    expect(sent.at(-1)).toBe("commit");
  });
});
