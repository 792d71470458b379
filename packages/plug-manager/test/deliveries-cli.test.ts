import { userInfo } from "node:os";
import { createCore, migrateCore, openDatabase, systemActor } from "@care/core";
import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type UpgradeWorkspace } from "./upgrade-workspace.js";

/**
 * `care deliveries`, `care deliveries retry` and `care deliveries discard` as an operator meets
 * them, on the deployment's own database: the embedded one in its data folder, or the server
 * DATABASE_URL names (a scratch database of its own). A plug's SMS provider was down all night.
 */
describe("care deliveries", () => {
  const server = process.env.DATABASE_URL || undefined;
  let site: UpgradeWorkspace;
  const operator = `cli:${userInfo().username}`;

  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-deliveries-");
    await site.setPlugs([]);
  });
  afterAll(() => site?.cleanup());

  const care = (args: string[]) => site.care(args);

  /** Runs `work` with a core on the deployment's database whose `sms` plug handler is `sms`. */
  async function withCore<T>(sms: (eventId: string) => void, work: (core: ReturnType<typeof createCore>) => Promise<T>): Promise<T> {
    const database = await site.open();
    try {
      const core = createCore({ database, logger: pino({ level: "silent" }), dispatcher: { maxAttempts: 1 } });
      core.signals.subscribe("facility.created", "sms", "durable", (_payload, context) => sms(context.eventId));
      return await work(core);
    } finally {
      await database.close();
    }
  }

  const journal = () =>
    site.query(
      async (database) =>
        (
          await sql<{ delivery_id: string; action: string; actor: string; reason: string | null }>`
          select delivery_id::text as delivery_id, action, actor, reason from care_system.delivery_actions order by id`.execute(database.db)
        ).rows,
    );

  it("says to migrate first on a database this version of Care has not migrated", async () => {
    const result = await care(["deliveries", "-d", "site"]);
    expect(result.code, result.output).toBe(1);
    expect(result.output).toMatch(
      new RegExp(
        /care: \[database_not_migrated\] the database of deployment site \(.*\) is not migrated to this version of Care:/.source +
          / core migrations .*0007_plug_lifecycle have not run/.source,
      ),
    );
    expect(result.output).toContain("run `pnpm care migrate -d site` (or start the deployment) first");
  }, 120_000);

  it("lists, retries and discards, recording the operator; a retried delivery is delivered, a discarded one never", async () => {
    // The night: the provider is down, both SMS fail for good; a switched-off lab plug's row is held.
    await withCore(
      () => {
        throw new Error("SMS provider answered 503 Service Unavailable");
      },
      async (core) => {
        await migrateCore(core.database.db);
        await core.facilities.create(systemActor("test"), { name: "North Hospital", kind: "hospital" });
        await core.facilities.create(systemActor("test"), { name: "South Clinic", kind: "clinic" });
        await core.dispatcher.deliverDue();
        await sql`insert into care_system.outbox (event_id, signal, subscriber, payload, status)
          values (gen_random_uuid(), 'facility.created', 'lab', '{}'::jsonb, 'held')`.execute(core.database.db);
      },
    );

    const listed = await care(["deliveries", "-d", "site"]);
    expect(listed.code, listed.output).toBe(0);
    const lines = listed.stdout.split("\n");
    expect(lines[0]).toMatch(/^ID\s+PLUG\s+SIGNAL\s+STATE\s+TRIES\s+WHEN \(UTC\)\s+LAST ERROR \/ ACTION$/);
    expect(lines[1]).toMatch(/^1\s+sms\s+facility\.created\s+failed\s+1\s+\S+ \S+\s+SMS provider answered 503 Service Unavailable$/);
    expect(lines[2]).toMatch(/^2\s+sms\s+facility\.created\s+failed\s+1\s/);
    expect(lines[3]).toMatch(/^3\s+lab\s+facility\.created\s+held\s+0\s/);
    expect(listed.stdout).toContain("3 deliveries pending, processing, held or failed");
    expect(listed.stdout).toContain("retry: pnpm care deliveries retry -d site <id...> (or --failed)");

    const json = await care(["deliveries", "-d", "site", "--state", "failed", "--plug", "sms", "--json"]);
    expect(json.code, json.output).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.more).toBe(false);
    expect(parsed.items.map((item: any) => [item.id, item.plug, item.state, item.lastError])).toEqual([
      ["1", "sms", "failed", "SMS provider answered 503 Service Unavailable"],
      ["2", "sms", "failed", "SMS provider answered 503 Service Unavailable"],
    ]);
    const held = await care(["deliveries", "-d", "site", "--state", "held"]);
    expect(held.stdout).toMatch(/^3\s+lab\s/m);
    expect(held.stdout).not.toMatch(/^1\s+sms/m);
    const none = await care(["deliveries", "-d", "site", "--signal", "patient.created"]);
    expect(none.stdout).toContain("no deliveries pending, processing, held or failed of signal patient.created");

    // Mistakes say what is wrong, with a code, and change nothing.
    const unknown = await care(["deliveries", "retry", "-d", "site", "1", "999"]);
    expect(unknown.code, unknown.output).toBe(1);
    expect(unknown.output).toContain("care: [not_found] delivery 999 was not found; nothing was changed");
    expect(unknown.output).not.toMatch(/\n\s+at /);
    const wrongState = await care(["deliveries", "retry", "-d", "site", "3"]);
    expect(wrongState.code, wrongState.output).toBe(1);
    expect(wrongState.output).toContain(
      "care: [illegal_transition] only failed deliveries can be retried; nothing was changed: delivery 3 is held",
    );
    const noIds = await care(["deliveries", "retry", "-d", "site"]);
    expect(noIds.code, noIds.output).toBe(1);
    expect(noIds.output).toContain("name the deliveries to retry; nothing was changed");
    const noReason = await care(["deliveries", "discard", "-d", "site", "2"]);
    expect(noReason.code, noReason.output).toBe(1);
    expect(noReason.output).toContain("say why the deliveries are discarded; nothing was changed");
    const badState = await care(["deliveries", "-d", "site", "--state", "lost"]);
    expect(badState.code, badState.output).toBe(1);
    expect(badState.output).toContain(
      "care: [validation_failed] invalid delivery filter: state.0: one of pending, processing, held, failed, delivered, discarded",
    );
    expect(await journal()).toEqual([]);

    const retried = await care(["deliveries", "retry", "-d", "site", "1", "--reason", "provider back"]);
    expect(retried.code, retried.output).toBe(0);
    expect(retried.stdout).toContain("retried 1 delivery (now pending, due at once): 1");
    const discarded = await care(["deliveries", "discard", "-d", "site", "2", "--reason", "sent by hand instead"]);
    expect(discarded.code, discarded.output).toBe(0);
    expect(discarded.stdout).toContain(`discarded 1 delivery: 2`);
    expect(discarded.stdout).toContain(`recorded as ${operator}: sent by hand instead`);
    expect(await journal()).toEqual([
      { delivery_id: "1", action: "retry", actor: operator, reason: "provider back" },
      { delivery_id: "2", action: "discard", actor: operator, reason: "sent by hand instead" },
    ]);

    // The deployment runs again with its provider back: the retried one is delivered, the discarded one is not.
    const sent: string[] = [];
    const eventOf = async (core: ReturnType<typeof createCore>, id: string) =>
      (
        await sql<{ event_id: string }>`select event_id::text as event_id from care_system.outbox where id = ${id}::bigint`.execute(
          core.database.db,
        )
      ).rows[0]!.event_id;
    await withCore(
      (eventId) => void sent.push(eventId),
      async (core) => {
        expect(await core.dispatcher.deliverDue()).toBe(1);
        expect(sent).toEqual([await eventOf(core, "1")]);
      },
    );

    const after = await care(["deliveries", "-d", "site", "--state", "delivered,discarded"]);
    expect(after.code, after.output).toBe(0);
    expect(after.stdout).toMatch(
      new RegExp(`^1\\s+sms\\s+facility\\.created\\s+delivered\\s+1\\s+.*retried by ${operator}: provider back$`, "m"),
    );
    expect(after.stdout).toMatch(
      new RegExp(`^2\\s+sms\\s+facility\\.created\\s+discarded\\s+1\\s+.*discarded by ${operator}: sent by hand instead$`, "m"),
    );
    const retryDiscarded = await care(["deliveries", "retry", "-d", "site", "--failed", "--plug", "sms"]);
    expect(retryDiscarded.stdout).toContain("no failed deliveries to retry; nothing was changed");
  }, 300_000);

  it.skipIf(server)(
    "refuses while the deployment holds its data folder, pointing at the HTTP routes",
    async () => {
      const running = await openDatabase({ dataDir: site.dataDir });
      try {
        const result = await care(["deliveries", "-d", "site"]);
        expect(result.code, result.output).toBe(1);
        expect(result.output).toContain(`care: [data_folder_in_use] the data folder ${site.dataDir} is in use by process ${process.pid} (`);
        expect(result.output).toContain("`care deliveries` cannot open it while the deployment runs");
        expect(result.output).toContain("GET <its URL>/api/v1/deliveries lists them");
      } finally {
        await running.close();
      }
    },
    120_000,
  );
});
