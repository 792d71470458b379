import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCore, migrateCore, openDatabase, type CareDatabase } from "../src/index.js";
import { eventually, system } from "./helpers.js";

const server = process.env.DATABASE_URL;
const name = `care_instances_${randomBytes(5).toString("hex")}`;
const databases: CareDatabase[] = [];
const coreEntry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

const databaseUrl = () => {
  const url = new URL(server!);
  url.pathname = `/${name}`;
  return url.toString();
};
const open = async () => {
  const database = await openDatabase({ url: databaseUrl() });
  databases.push(database);
  return database;
};

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

beforeAll(async () => {
  if (server) await admin(`create database ${name}`);
});
afterAll(async () => {
  for (const database of databases) await database.close();
  if (server) await admin(`drop database if exists ${name} with (force)`);
});

// Two app instances need a server both can reach; PGlite lives inside one process.
it.skipIf(!server)("shares durable delivery between two app instances without handing a row to both", async () => {
  const first = await open();
  await migrateCore(first.db);
  const second = await open();

  const deliveries: Array<{ instance: string; eventId: string }> = [];
  const instances = [first, second].map((database, index) => {
    const core = createCore({ database, dispatcher: { concurrency: 5, pollIntervalMs: 10 } });
    core.signals.subscribe("facility.created", "archive", "durable", async (_payload, context) => {
      deliveries.push({ instance: `app-${index}`, eventId: context.eventId });
      await new Promise((resolve) => setTimeout(resolve, 2));
    });
    return core;
  });

  const total = 120;
  for (let i = 0; i < total; i += 1) await instances[0]!.facilities.create(system, { name: `Facility ${i}`, kind: "clinic" });
  for (const core of instances) core.dispatcher.start();

  await eventually(() => expect(deliveries).toHaveLength(total), 30_000);
  await Promise.all(instances.map((core) => core.dispatcher.drain()));

  expect(new Set(deliveries.map((delivery) => delivery.eventId)).size).toBe(total);
  const perInstance = (instance: string) => deliveries.filter((delivery) => delivery.instance === instance).length;
  expect(perInstance("app-0")).toBeGreaterThan(0);
  expect(perInstance("app-1")).toBeGreaterThan(0);
  const { rows } = await pgCount(databaseUrl());
  expect(rows[0]).toEqual({ status: "delivered", attempts: 1, n: String(total) });
});

// An instance killed mid-delivery (kill -9, a lost machine) leaves rows processing; nobody renews
// their lease, so another instance takes them up once it runs out, seconds later.
it.skipIf(!server)("takes up a killed instance's rows once their short lease runs out", async () => {
  const database = await open();
  await migrateCore(database.db);
  const leaseMs = 1_500;
  const pollIntervalMs = 100;
  const writer = createCore({ database });
  writer.signals.subscribe("facility.created", "courier", "durable", () => {});
  const total = 20;
  for (let i = 0; i < total; i += 1) await writer.facilities.create(system, { name: `Courier ${i}`, kind: "clinic" });

  // The doomed instance, a process of its own: its handlers never finish.
  const script = `import { createCore, openDatabase } from ${JSON.stringify(coreEntry)};
const core = createCore({
  database: await openDatabase({ url: process.env.OUTBOX_URL }),
  dispatcher: { leaseMs: ${leaseMs}, concurrency: 8 },
});
let held = 0;
core.signals.subscribe("facility.created", "courier", "durable", () => (++held === 8 && console.log("holding 8"), new Promise(() => {})));
core.dispatcher.start();`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    env: { PATH: process.env.PATH, OUTBOX_URL: databaseUrl() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  await eventually(() => expect(output).toContain("holding 8"), 20_000);
  child.kill("SIGKILL");
  await exited;
  const courierRows = () =>
    database.db.selectFrom("care_system.outbox").select(["status", "attempts"]).where("subscriber", "=", "courier").orderBy("id").execute();
  expect((await courierRows()).filter((row) => row.status === "processing")).toHaveLength(8);

  const delivered: string[] = [];
  const survivor = createCore({ database, dispatcher: { leaseMs, pollIntervalMs } });
  survivor.signals.subscribe("facility.created", "courier", "durable", (_payload, context) => void delivered.push(context.eventId));
  survivor.dispatcher.start();
  // Within a lease and a poll of the kill, with room for a slow machine.
  await eventually(() => expect(delivered).toHaveLength(total), leaseMs + pollIntervalMs + 3_000);
  await survivor.dispatcher.drain();
  const rows = await courierRows();
  expect(rows.every((row) => row.status === "delivered")).toBe(true);
  expect(rows.filter((row) => row.attempts === 2)).toHaveLength(8);
  expect(new Set(delivered).size).toBe(total);
});

async function pgCount(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client
    .query("select status, attempts, count(*) as n from care_system.outbox group by status, attempts")
    .finally(() => client.end());
}
