import { openScratchDatabase, systemActor, type CareDatabase } from "@care/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnyPlugDefinition } from "../src/index.js";
import { bootPlugs, fixturePlug } from "./fixture-plug.js";

/**
 * An administrator's retry while a plug is switched off: it cannot push the plug's deliveries into
 * failure. A held delivery is not retried (it waits for the switch); a failed one goes back to
 * pending, which nothing tries while the plug is off, and the next start holds it.
 */
describe("retrying deliveries of a switched-off plug", () => {
  let database: CareDatabase;
  let sms: AnyPlugDefinition;
  const delivered: string[] = [];

  beforeAll(async () => {
    database = await openScratchDatabase();
    sms = await fixturePlug({
      id: "sms",
      on: { "facility.created": { mode: "durable", handle: (_payload, context) => void delivered.push(context.eventId) } },
    });
  });
  afterAll(() => database.close());

  const states = async () =>
    (
      await sql<{
        id: string;
        status: string;
        attempts: number;
      }>`select id::text as id, status, attempts from care_system.outbox where subscriber = 'sms' order by id`.execute(database.db)
    ).rows;

  it("refuses a held one; a retried failed one waits while the plug is off, is held at next start, delivered once it is on", async () => {
    const off = await bootPlugs([{ plug: sms, enabled: false }], { database });
    let retried: string;
    try {
      await off.core.facilities.create(systemActor("test"), { name: "North", kind: "hospital" });
      await off.core.facilities.create(systemActor("test"), { name: "South", kind: "clinic" });
      // The second ran out of tries before the plug was switched off (its provider was down).
      const [held, failed] = await states();
      retried = failed!.id;
      await sql`update care_system.outbox set status = 'failed', attempts = 5, last_error = 'provider down'
        where id = ${retried}::bigint`.execute(database.db);

      const headers = { authorization: `Bearer ${await off.token()}` };
      const refused = await off.app.inject({ method: "POST", url: "/api/v1/deliveries/retry", headers, payload: { ids: [held!.id] } });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.message).toContain(
        `delivery ${held!.id} is held: its plug is switched off; it is delivered when the plug is switched on again`,
      );

      const accepted = await off.app.inject({
        method: "POST",
        url: "/api/v1/deliveries/retry",
        headers,
        payload: { ids: [retried], reason: "provider back" },
      });
      expect(accepted.statusCode).toBe(200);
      await off.core.dispatcher.deliverDue();
      expect(delivered).toEqual([]);
      expect(await states()).toEqual([
        { id: held!.id, status: "held", attempts: 0 },
        { id: retried, status: "pending", attempts: 0 },
      ]);
    } finally {
      await off.close();
    }

    const stillOff = await bootPlugs([{ plug: sms, enabled: false }], { database });
    await stillOff.close();
    expect((await states()).map((row) => row.status)).toEqual(["held", "held"]);

    const on = await bootPlugs([sms], { database });
    try {
      await on.core.dispatcher.deliverDue();
    } finally {
      await on.close();
    }
    expect((await states()).map((row) => row.status)).toEqual(["delivered", "delivered"]);
    expect(delivered).toHaveLength(2);
  });

  it("leaves a delivery that failed for good failed when the plug is switched off and on: only a person retries it", async () => {
    await sql`update care_system.outbox set status = 'failed' where subscriber = 'sms'`.execute(database.db);
    const off = await bootPlugs([{ plug: sms, enabled: false }], { database });
    await off.close();
    const on = await bootPlugs([sms], { database });
    try {
      await on.core.dispatcher.deliverDue();
    } finally {
      await on.close();
    }
    expect((await states()).map((row) => row.status)).toEqual(["failed", "failed"]);
    expect(delivered).toHaveLength(2);
  });
});
