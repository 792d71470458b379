import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCore, migrateCore, openDatabase, type CareDatabase } from "../src/index.js";
import { eventually, system } from "./helpers.js";

const server = process.env.DATABASE_URL;
const name = `care_instances_${randomBytes(5).toString("hex")}`;
const databases: CareDatabase[] = [];

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
  const url = new URL(server!);
  url.pathname = `/${name}`;
  const open = async () => {
    const database = await openDatabase({ url: url.toString() });
    databases.push(database);
    return database;
  };
  const first = await open();
  await migrateCore(first.db);
  const second = await open();

  const deliveries: Array<{ instance: string; eventId: string }> = [];
  const instances = [first, second].map((database, index) => {
    const core = createCore({ database, dispatcher: { batchSize: 5, pollIntervalMs: 10 } });
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
  const { rows } = await pgCount(url.toString());
  expect(rows[0]).toEqual({ status: "delivered", attempts: 1, n: String(total) });
});

async function pgCount(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client
    .query("select status, attempts, count(*) as n from care_system.outbox group by status, attempts")
    .finally(() => client.end());
}
