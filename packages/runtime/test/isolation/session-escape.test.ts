import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openIsolationDeployment,
  plugSql,
  sites,
  whoAmI,
  type IsolationDeployment,
  type Outcome,
  type Site,
  type Step,
} from "./deployment.js";
import { attackerRole, expectCheckRefused, expectRan, expectRefused } from "./expect-refused.js";

// The attacks that go for the session rather than a table: become the app's role again, or change a
// setting the app's connection keeps. Each is followed by a probe of who the plug now is and by a
// write that only the app may do, so an escape that "fails" quietly is caught by what comes after.
let deployment: IsolationDeployment;
let appRole: string;
beforeAll(async () => {
  deployment = await openIsolationDeployment();
  appRole = (deployment.baseline[0] as { user: string }).user;
});
afterAll(() => deployment?.close());

const promote: Step = plugSql(sql`update core.users set roles = '{admin}' where username = 'nurse'`);
const programFile = join(tmpdir(), `care-isolation-${process.pid}-${Date.now()}`);

/** [what it does, the escape (given the app's role name), what the check's refusal says]. */
const escapes: Array<[string, (appRole: string) => Step, RegExp]> = [
  ["runs RESET ROLE", () => plugSql(sql`reset role`), /SET or RESET/],
  ["runs SET ROLE to the app's role", (app) => plugSql(sql`set role ${sql.id(app)}`), /SET or RESET/],
  ["runs SET ROLE NONE", () => plugSql(sql`set role none`), /SET or RESET/],
  ["runs SET SESSION AUTHORIZATION as the app's role", (app) => plugSql(sql`set session authorization ${sql.id(app)}`), /SET or RESET/],
  ["calls set_config('role', 'none', true)", () => plugSql(sql`select set_config('role', 'none', true)`), /set_config/],
  ["calls set_config('role', <app role>, false)", (app) => plugSql(sql`select set_config('role', ${app}, false)`), /set_config/],
  [
    "calls pg_catalog.set_config with a role name it builds",
    () => plugSql(sql`select pg_catalog.set_config('rol' || 'e', 'none', true)`),
    /set_config/,
  ],
  [
    "hides set_config in a subquery of an insert into its own table",
    () => plugSql(sql`insert into notes (id, body) select 3, (select set_config('role', 'none', true))`),
    /set_config/,
  ],
  [
    "runs a DO block with dynamic SQL",
    () => plugSql(sql`do $$ begin execute 'reset role'; execute 'update core.users set roles = ''{admin}'''; end $$`),
    /DO block/,
  ],
  ["ends the core's transaction with COMMIT", () => plugSql(sql`commit`), /transaction command/],
  [
    "grants itself pg_execute_server_program (CREATEROLE)",
    () => plugSql(sql`grant pg_execute_server_program to current_user`),
    /GrantRole/,
  ],
  ["creates a login role", () => plugSql(sql`create role care_isolation_evil login superuser password 'x'`), /CreateRole/],
  ["runs a shell command with COPY ... TO PROGRAM", () => plugSql(sql.raw(`copy (select 1) to program 'touch ${programFile}'`)), /COPY/],
  ["writes a server file with COPY", () => plugSql(sql.raw(`copy (select 1) to '${programFile}'`)), /COPY/],
  ["locks a core table", () => plugSql(sql`lock table core.users in access exclusive mode`), /Lock/],
];

/** Whether the plug's statements ran on a session logged in as its own role (the strong form on a server). */
const ownLogin = (probe: Outcome | undefined) => attackerRole.test(String((expectRan(probe) as Array<{ session: string }>)[0]?.session));

/**
 * On the app's connection (always on PGlite, and inside the core's transaction on a server) the
 * statement check must refuse the escape before it runs. On a session logged in as the plug's role
 * it may run, but there is no role to escape to: what follows must still run as the plug.
 */
function expectEscapeHeld(site: Site, [attempt, probe, write]: Outcome[], reason: RegExp): void {
  const own = ownLogin(probe);
  if (deployment.database.engine === "pglite" || site === "inTransaction" || site === "transaction") {
    expect(own, "PGlite and the core's transaction have only the app's connection").toBe(false);
  }
  // On its own login the escape may run or fail (LOCK outside a transaction, say): either way it
  // reaches nothing, which the probe and the write show.
  if (!own) expectCheckRefused(attempt, reason);
  expect((expectRan(probe) as Array<{ user: string }>)[0]?.user).toMatch(attackerRole);
  expectRefused(write);
}

describe.each(sites)("a plug's code run from %s", (site) => {
  it("runs as the plug's role, on the session each engine gives it", async () => {
    const [probe] = await deployment.attackAndCompare(site, [whoAmI]);
    const [row] = expectRan(probe) as Array<{ user: string; session: string; path: string }>;
    expect(row?.user).toMatch(attackerRole);
    expect(row?.path).toMatch(/^"?plug_attacker"?/);
    // A server gives a plug a login of its own outside the core's transactions (the strong form: no
    // SQL can lead back to the app's role); PGlite has one session, and the core's transaction is
    // the app's, so there the plug acts under its role on the app's connection.
    const ownLoginExpected = deployment.database.engine === "postgres" && site !== "inTransaction" && site !== "transaction";
    expect(row?.session).toBe(ownLoginExpected ? row?.user : appRole);
  });

  for (const [what, escapeFor, reason] of escapes) {
    it(`is refused when it ${what}, and still runs as its role afterwards`, async () => {
      const outcomes = await deployment.attackAndCompare(site, [escapeFor(appRole), whoAmI, promote]);
      expectEscapeHeld(site, outcomes, reason);
      expect(existsSync(programFile), "COPY ran a program or wrote a file").toBe(false);
    });
  }

  // The search_path decides what an unqualified name means: moved to core, `delete from patients`
  // would empty the core's table; left on the app's connection, it would steer the app's own SQL.
  for (const [what, move] of [
    ["set_config('search_path', 'core', false)", plugSql(sql`select set_config('search_path', 'core, pg_catalog', false)`)],
    ["SET search_path", plugSql(sql`set search_path to core, pg_catalog`)],
  ] as Array<[string, Step]>) {
    it(`is refused when it moves its search_path to core with ${what}`, async () => {
      const [moved, probe, write] = await deployment.attackAndCompare(site, [move, whoAmI, plugSql(sql`delete from patients`)]);
      if (!ownLogin(probe)) {
        expectCheckRefused(moved);
        expect((expectRan(probe) as Array<{ path: string }>)[0]?.path).not.toMatch(/^"?core"?\b/);
      }
      // On its own login the plug may move its own session's search_path (the app's is checked by
      // attackAndCompare); the core's table is still out of its reach.
      expect(write?.ok, "an unqualified name must not reach the core's table").toBe(false);
    });
  }
});
