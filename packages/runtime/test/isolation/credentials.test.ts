import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openIsolationDeployment, plugSql, sites, type IsolationDeployment, type Step } from "./deployment.js";
import { expectRan, expectRefused } from "./expect-refused.js";

// What a plug may read of the core is an explicit list of columns: never password hashes, never
// sessions. A hash read by one plug can be cracked offline; a session token is a login.
let deployment: IsolationDeployment;
beforeAll(async () => {
  deployment = await openIsolationDeployment();
});
afterAll(() => deployment?.close());

const attacks: Array<[string, Step]> = [
  ["reads core.users.password_hash", plugSql(sql`select username, password_hash from core.users`)],
  ["reads every column of core.users", plugSql(sql`select * from core.users`)],
  ["reads password_hash through Kysely", (context) => context.db.selectFrom("core.users").select(["username", "password_hash"]).execute()],
  // A column used only in WHERE still needs the right to read it: no guessing a hash letter by letter.
  ["tests password_hash in a WHERE clause", plugSql(sql`select username from core.users where password_hash like '$%'`)],
  ["reads core.sessions", plugSql(sql`select token_hash, user_id from core.sessions`)],
  ["counts core.sessions", plugSql(sql`select count(*) from core.sessions`)],
];

describe.each(sites)("a plug's code run from %s", (site) => {
  it("may read the granted columns of core.users (control)", async () => {
    const [outcome] = await deployment.attackAndCompare(site, [
      plugSql(sql`select username, roles, active from core.users order by username`),
    ]);
    expect(expectRan(outcome)).toEqual([
      { username: "admin", roles: ["admin"], active: true },
      { username: "nurse", roles: ["nurse"], active: true },
    ]);
  });

  for (const [what, step] of attacks) {
    it(`is refused when it ${what}`, async () => {
      const [outcome] = await deployment.attackAndCompare(site, [step]);
      expectRefused(outcome);
      // The refusal itself must not carry the secret out.
      if (outcome && !outcome.ok) expect(outcome.message).not.toMatch(/\$scrypt|\$argon|\$2[aby]\$/);
    });
  }
});
