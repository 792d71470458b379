import { sql } from "kysely";
import { afterAll, beforeAll, describe, it } from "vitest";
import { openIsolationDeployment, plugSql, sites, type IsolationDeployment, type Step } from "./deployment.js";
import { expectRefused } from "./expect-refused.js";

// Plugs do not reach into each other's schemas: a plug that needs another's data depends on it and
// subscribes to its signals. The victim plug keeps a secret row that every attack goes after.
let deployment: IsolationDeployment;
beforeAll(async () => {
  deployment = await openIsolationDeployment();
});
afterAll(() => deployment?.close());

const attacks: Array<[string, Step]> = [
  ["reads the victim plug's table", plugSql(sql`select body from plug_victim.secrets`)],
  ["reads it through Kysely's withSchema", (context) => context.db.withSchema("plug_victim").selectFrom("secrets").selectAll().execute()],
  ["inserts into the victim plug's table", plugSql(sql`insert into plug_victim.secrets values (2, 'planted')`)],
  ["updates the victim plug's rows", plugSql(sql`update plug_victim.secrets set body = 'overwritten'`)],
  ["deletes the victim plug's rows", plugSql(sql`delete from plug_victim.secrets`)],
  ["creates a table in the victim plug's schema", plugSql(sql`create table plug_victim.planted (id int)`)],
  ["drops the victim plug's table", plugSql(sql`drop table plug_victim.secrets`)],
];

describe.each(sites)("a plug's code run from %s", (site) => {
  for (const [what, step] of attacks) {
    it(`is refused when it ${what}, and the victim's rows stay as they were`, async () => {
      // The snapshot holds plug_victim.secrets and the schema's shape and grants.
      const [outcome] = await deployment.attackAndCompare(site, [step]);
      expectRefused(outcome);
    });
  }
});
