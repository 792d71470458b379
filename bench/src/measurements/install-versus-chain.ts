import { join } from "node:path";
import { migrateCore, openScratchDatabase, type CareDatabase } from "@care/core";
import { migrateDeployment, preparePlugs, type PreparedPlugs } from "@care/runtime/tooling";
import pg from "pg";
import type { BenchDatabase } from "../databases.js";
import type { Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { interleave, summarise } from "../stats.js";
import { chainLength } from "../workspace/plug-schema.js";
import { writeReleasedPlugs } from "../workspace/release-plugs.js";

const plugCount = 20;
/** The target: a fresh install at least this many times faster than replaying the chain. */
const targetSpeedUp = 5;
/** Plug ids iv001…: their roles plug_iv001… are this measurement's own on a shared server. */
const idPrefix = "iv";

/** migrateDeployment logs each plug it installs; here nothing should be printed or formatted. */
type Logger = Parameters<typeof migrateDeployment>[2];
const ignore = () => {};
const silent = {
  level: "silent",
  fatal: ignore,
  error: ignore,
  warn: ignore,
  info: ignore,
  debug: ignore,
  trace: ignore,
  child: () => silent,
} as unknown as Logger;

/**
 * 20 plugs brought to 1.10.0 on a fresh database by the runtime's own path (migrateDeployment):
 * install.sql once, against the 1.0.0 release installed and then upgraded through its ten steps.
 * Each sample gets a new database with the core schema (not timed); only the plugs' migrations are.
 */
export const installVersusChain: Measurement = {
  name: "install-versus-chain",
  title: `fresh install of ${plugCount} plugs: install.sql against baseline + ${chainLength} upgrade steps`,
  run: async ({ databases, tmpDir, root, quick, log, skip }) => {
    const released = await writeReleasedPlugs(join(tmpDir, "install-versus-chain"), root, plugCount, idPrefix);
    const latest = await preparePlugs(released.latest, {});
    const first = await preparePlugs(released.first, {});
    const rows: ResultRow[] = [];
    for (const database of databases) {
      try {
        rows.push(await compare(database, first, latest, quick ? 1 : 5, log));
      } catch (error) {
        skip(`${database.label}: ${(error as Error).message}`);
      } finally {
        if (database.url) await dropPlugRoles(database.url, latest).catch(() => {});
      }
    }
    return rows;
  },
};

async function compare(
  database: BenchDatabase,
  first: PreparedPlugs,
  latest: PreparedPlugs,
  rounds: number,
  log: (line: string) => void,
): Promise<ResultRow> {
  log(`${database.label}: ${rounds} rounds, a fresh database per sample`);
  const samples = await interleave(
    [
      { name: "install", run: () => onFreshDatabase(database, (db) => migrateDeployment(latest, db, silent)) },
      {
        name: "chain",
        run: () =>
          onFreshDatabase(database, async (db) => {
            await migrateDeployment(first, db, silent);
            const upgraded = await migrateDeployment(latest, db, silent);
            const ran = upgraded.plugs.reduce((sum, plug) => sum + plug.ran.length, 0);
            if (ran !== plugCount * chainLength) throw new Error(`the upgrade ran ${ran} steps, not ${plugCount * chainLength}`);
          }),
      },
    ],
    rounds,
  );
  const install = summarise(samples.get("install")!);
  const chain = summarise(samples.get("chain")!);
  const row = withRatio({
    measurement: "fresh install: install.sql against replaying the chain",
    database: database.label,
    case: `${plugCount} plugs, install.sql`,
    unit: "ms",
    better: "lower",
    result: install,
    baseline: { name: `1.0.0 + ${chainLength} steps`, result: chain },
    target: `≥ ${targetSpeedUp} × faster than the chain`,
  });
  const speedUp = chain.median / install.median;
  return {
    ...row,
    met: speedUp >= targetSpeedUp,
    note:
      `install is ${speedUp.toFixed(1)} × faster (ratio = install / chain). Both through migrateDeployment on a new database ` +
      `with the core schema already migrated; the chain installs each plug's 1.0.0 (its baseline) and upgrades it through ` +
      `${chainLength} steps, two transactions per plug against one`,
  };
}

/** A new database with the core schema (not timed), then the work (timed), then the database is dropped. */
async function onFreshDatabase(database: BenchDatabase, work: (db: CareDatabase) => Promise<unknown>): Promise<number> {
  const db = await openScratchDatabase(database.url ?? "");
  try {
    await migrateCore(db.db);
    const began = performance.now();
    await work(db);
    return performance.now() - began;
  } finally {
    await db.close();
  }
}

/** Roles outlive a server's databases; the scratch databases that used these are gone. */
async function dropPlugRoles(url: string, prepared: PreparedPlugs): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const plug of prepared.plugs) await client.query(`drop role if exists plug_${plug.id}`).catch(() => {});
  } finally {
    await client.end();
  }
}
