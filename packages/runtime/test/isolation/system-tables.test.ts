import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openIsolationDeployment, plugSql, sites, victimReceived, type IsolationDeployment, type Step } from "./deployment.js";
import { expectRefused } from "./expect-refused.js";
import { forgedPatient } from "./forged-patient.js";

// care_system is the runtime's: the plug registry decides which migrations run, and the outbox
// decides what every durable subscriber is told happened. A plug that could write either could fake
// its version (skipping or replaying steps) or tell other plugs that a patient was created.
let deployment: IsolationDeployment;
beforeAll(async () => {
  deployment = await openIsolationDeployment();
});
afterAll(() => deployment?.close());

const forged = forgedPatient();

const attacks: Array<[string, Step]> = [
  ["fakes the victim plug's installed version", plugSql(sql`update care_system.plugs set version = '9.9.9' where id = 'victim'`)],
  [
    "registers a plug that was never installed",
    plugSql(sql`insert into care_system.plugs (id, package, version) values ('ghost', '@evil/ghost', '1.0.0')`),
  ],
  ["forgets the migration steps that ran", plugSql(sql`delete from care_system.plug_steps`)],
  ["reads the registry", plugSql(sql`select id, version from care_system.plugs`)],
  [
    "inserts a forged patient.created row for the victim into the outbox",
    plugSql(
      sql`insert into care_system.outbox (event_id, signal, subscriber, payload)
        values (gen_random_uuid(), 'patient.created', 'victim', ${JSON.stringify(forged)}::jsonb)`,
    ),
  ],
  [
    "inserts a forged row through Kysely",
    (context) =>
      context.db
        .insertInto("care_system.outbox")
        .values({ event_id: crypto.randomUUID(), signal: "patient.created", subscriber: "victim", payload: JSON.stringify(forged) })
        .execute(),
  ],
  ["re-queues delivered outbox rows", plugSql(sql`update care_system.outbox set status = 'pending', attempts = 0, delivered_at = null`)],
  ["reads other subscribers' outbox payloads", plugSql(sql`select signal, payload from care_system.outbox`)],
];

/** Payloads the victim got that the tests' own triggers did not cause. */
const forgedDeliveries = () => victimReceived.filter((payload) => (payload as { patient?: { name?: string } }).patient?.name === "Forged");

describe.each(sites)("a plug's code run from %s", (site) => {
  for (const [what, step] of attacks) {
    it(`is refused when it ${what}, and nothing changes`, async () => {
      const [outcome] = await deployment.attackAndCompare(site, [step]);
      expectRefused(outcome);
      // Had a row got in, this delivery would hand it to the victim.
      await deployment.core.dispatcher.deliverDue();
      expect(forgedDeliveries()).toEqual([]);
    });
  }
});
