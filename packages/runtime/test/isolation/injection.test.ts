import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { route } from "../untyped-route.js";
import { openIsolationDeployment, sites, victimSecret, type IsolationDeployment, type Step } from "./deployment.js";
import { expectRefused } from "./expect-refused.js";

// A plug with an SQL injection: it pastes input into a raw `sql` template. The injected SQL runs
// with no more than the plug's rights, so it can reach the plug's own tables and nothing else.
let deployment: IsolationDeployment;
beforeAll(async () => {
  deployment = await openIsolationDeployment({
    routes: [
      // The bug, as a plug would write it: the caller's search text goes into the SQL as is.
      route.get("/search", async (request, _reply, context) => {
        const q = String((request.query as { q?: string }).q ?? "");
        return (await sql`select body from notes where body = '${sql.raw(q)}'`.execute(context.db)).rows;
      }),
    ],
  });
});
afterAll(() => deployment?.close());

const injected =
  (input: string): Step =>
  (context) =>
    sql`select body from notes where body = '${sql.raw(input)}'`.execute(context.db).then((result) => result.rows);

const inputs: Array<[string, string]> = [
  ["a stacked UPDATE that promotes the nurse", "x'; update core.users set roles = '{admin}' where username = 'nurse'; --"],
  ["a stacked RESET ROLE before a DELETE", "x'; reset role; delete from core.patients; --"],
  ["a UNION that reads password hashes", "x' union select password_hash from core.users --"],
  ["a UNION that reads session tokens", "x' union select token_hash from core.sessions --"],
  ["a UNION that reads another plug's table", "x' union select body from plug_victim.secrets --"],
  ["a UNION that reads the outbox", "x' union select payload::text from care_system.outbox --"],
  // On a plug's own login 'none' would be its own role again; 'postgres' is a role it can never become.
  [
    "a subquery that calls set_config to become another role",
    "x' or (select set_config('role', 'postgres', true)) is not null or 'a' = 'b",
  ],
];

describe.each(sites)("injection into a plug's raw SQL, run from %s", (site) => {
  for (const [what, input] of inputs) {
    it(`is refused: ${what}`, async () => {
      const [outcome] = await deployment.attackAndCompare(site, [injected(input)]);
      expectRefused(outcome);
    });
  }
});

describe("injection through a plug route's query string, by a signed-in nurse", () => {
  for (const [what, input] of inputs) {
    it(`answers an error that carries nothing out: ${what}`, async () => {
      const before = await deployment.snapshot();
      const response = await deployment.app.inject({
        method: "GET",
        url: `/api/plugs/attacker/search?q=${encodeURIComponent(input)}`,
        headers: { authorization: `Bearer ${deployment.tokens.nurse}` },
      });
      // The plug's bug is not the caller's mistake: a bare 500, the details in the log.
      expect(response.statusCode, response.body).toBe(500);
      expect(response.body).not.toMatch(/\$scrypt|\$argon|\$2[aby]\$/);
      expect(response.body).not.toContain(victimSecret);
      expect(await deployment.snapshot()).toEqual(before);
      await deployment.coreStillWorks();
    });
  }

  it("still answers the plug's own rows for honest input (control)", async () => {
    const response = await deployment.app.inject({
      method: "GET",
      url: "/api/plugs/attacker/search?q=mine",
      headers: { authorization: `Bearer ${deployment.tokens.nurse}` },
    });
    expect(response.json()).toEqual([{ body: "mine" }]);
  });
});
