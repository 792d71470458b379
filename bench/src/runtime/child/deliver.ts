// A child process that is one app instance delivering durable signals: it boots the deployment
// (plugs subscribed durably) with its dispatcher idle, and on "deliver" claims and delivers until
// nothing is due. Several of these on one PostgreSQL database are several instances.
import { openDatabase, systemActor } from "@care/core";
import { createLogger } from "@care/runtime/tooling";
import { bootDeployment, preparePlugs } from "@care/runtime/tooling";
import { sql } from "kysely";
import type { ChildMessage, DeliverSpec, ParentMessage } from "./protocol.js";

const spec = JSON.parse(process.argv[2]!) as DeliverSpec;
if (spec.providerUrl) process.env.BENCH_PROVIDER_URL = spec.providerUrl;
const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

const prepared = await preparePlugs((await import(spec.manifestUrl)).default, {});
const database = await openDatabase(spec.storage);
const { core } = await bootDeployment(prepared, {
  database,
  logger: await createLogger("warn", "bench"),
  adminPassword: spec.adminPassword,
});

async function fill(patients: number): Promise<number> {
  const actor = systemActor("bench");
  const facility = await core.facilities.create(actor, { name: `Bench ${Date.now()}`, kind: "clinic" });
  for (let index = 0; index < patients; index++) {
    await core.patients.create(actor, { facilityId: facility.id, name: `Patient ${index}`, birthDate: "1980-01-01", sex: "unknown" });
  }
  return outboxRows();
}

async function outboxRows(): Promise<number> {
  const row = await database.db
    .selectFrom("care_system.outbox")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function reset(only?: { subscriber: string; rows: number }): Promise<number> {
  const pending = {
    status: "pending",
    attempts: 0,
    next_attempt_at: sql<Date>`now()`,
    lease_until: null,
    delivered_at: null,
    last_error: null,
  } as const;
  if (!only) return Number((await database.db.updateTable("care_system.outbox").set(pending).executeTakeFirst()).numUpdatedRows);
  await database.db.updateTable("care_system.outbox").set({ status: "delivered", lease_until: null }).execute();
  const chosen = database.db
    .selectFrom("care_system.outbox")
    .select("id")
    .where("subscriber", "=", only.subscriber)
    .orderBy("id")
    .limit(only.rows);
  const result = await database.db.updateTable("care_system.outbox").set(pending).where("id", "in", chosen).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

async function deliver(): Promise<{ rows: number; ms: number }> {
  const began = performance.now();
  let rows = 0;
  for (let settled = await core.dispatcher.deliverDue(); settled > 0; settled = await core.dispatcher.deliverDue()) rows += settled;
  return { rows, ms: performance.now() - began };
}

process.on("message", async (message: ParentMessage) => {
  if (message.kind === "fill") await send({ kind: "filled", rows: await fill(message.patients) });
  else if (message.kind === "reset") await send({ kind: "reset", rows: await reset(message.only) });
  else if (message.kind === "deliver") await send({ kind: "delivered", ...(await deliver()) });
  else if (message.kind === "stop") {
    await database.close();
    await send({ kind: "stopped" });
    process.disconnect();
  }
});
await send({ kind: "ready" });
