import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/** The server the machine has (as in `.ci/run`); DATABASE_URL points elsewhere. */
export const serverUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

export function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//…@");
}

/** Undefined when the server answers, else why not (the scenario is skipped with that reason). */
export async function serverUnavailable(url = serverUrl): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return `no PostgreSQL server answered at ${redact(url)} (${(error as Error).message}); set DATABASE_URL`;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function query<Row = any>(url: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Row[];
  } finally {
    await client.end().catch(() => {});
  }
}

export function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A database of its own on `server` (`care_rel_<random>`); `drop` removes it and the plug roles it
 * names (roles are shared by every database of a server).
 */
export async function scratchDatabase(server = serverUrl) {
  const name = `care_rel_${randomBytes(5).toString("hex")}`;
  await query(server, `create database ${name}`);
  return {
    name,
    url: databaseUrl(server, name),
    async drop(roles: string[] = []) {
      await query(server, `drop database if exists ${name} with (force)`);
      for (const role of roles) await query(server, `drop role if exists ${role}`).catch(() => {});
    },
  };
}

/** A free TCP port on 127.0.0.1 (for the private cluster). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Names of the private clusters this run created and has not dropped yet. */
const clusterMarks = fileURLToPath(new URL("../results/.run/clusters/", import.meta.url));

async function dropCluster(version: string, name: string): Promise<void> {
  try {
    await run("pg_dropcluster", ["--stop", version, name], { timeout: 60_000 });
    await rm(join(clusterMarks, name), { force: true });
  } catch (error) {
    process.stderr.write(
      `reliability: could not drop cluster ${version}/${name}: ${(error as Error).message}; run pg_dropcluster --stop ${version} ${name}\n`,
    );
  }
}

/** Drops the clusters a crashed worker left behind (the run's teardown). */
export async function dropLeftClusters(): Promise<void> {
  for (const name of await readdir(clusterMarks).catch(() => [] as string[])) {
    process.stderr.write(`reliability: dropping cluster ${name}, left behind by a scenario\n`);
    await dropCluster(await readFile(join(clusterMarks, name), "utf8"), name);
  }
}

/** The newest PostgreSQL installed for pg_createcluster (/usr/lib/postgresql/<major>). */
async function installedMajor(): Promise<string | undefined> {
  const majors = (await readdir("/usr/lib/postgresql").catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  return majors.sort((a, b) => Number(b) - Number(a))[0];
}

/** Why a private cluster cannot be made here, or undefined when it can. */
export async function clusterUnavailable(): Promise<string | undefined> {
  for (const tool of ["pg_createcluster", "pg_ctlcluster", "pg_dropcluster"]) {
    try {
      await run("sh", ["-c", `command -v ${tool}`]);
    } catch {
      return `${tool} is not installed (postgresql-common): the server restart and outage scenarios need a cluster of their own`;
    }
  }
  if (!(await installedMajor())) return "no PostgreSQL server is installed under /usr/lib/postgresql for pg_createcluster";
  if (process.getuid?.() !== 0) return "pg_createcluster needs root here (the cluster belongs to the postgres user)";
  return undefined;
}

/**
 * A PostgreSQL cluster of the suite's own on another port (`pg_createcluster`), which scenarios may
 * restart and stop at will; `drop()` stops and removes it (also on failure: call it in afterAll).
 */
export async function createPrivateCluster() {
  const clusterVersion = (await installedMajor())!;
  const name = `care_rel_${randomBytes(4).toString("hex")}`;
  const port = await freePort();
  const ctl = (action: string, ...extra: string[]) =>
    run("pg_ctlcluster", ["--skip-systemctl-redirect", clusterVersion, name, action, ...extra], { timeout: 60_000 });
  // Marked for the run's teardown, which drops it should this worker die before `drop()`.
  await mkdir(clusterMarks, { recursive: true });
  await writeFile(join(clusterMarks, name), clusterVersion);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await dropCluster(clusterVersion, name);
  };
  try {
    // Trust on loopback only (initdb's default listen address): a throwaway cluster of the suite's.
    await run("pg_createcluster", [clusterVersion, name, "-p", String(port), "--", "--auth=trust", "--no-sync"], { timeout: 120_000 });
    await ctl("start");
  } catch (error) {
    await drop();
    throw error;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    name,
    port,
    url,
    /** `pg_ctlcluster restart` (fast shutdown: open connections are cut, as in a real restart). */
    restart: () => ctl("restart", "-m", "fast"),
    stop: () => ctl("stop", "-m", "fast"),
    start: () => ctl("start"),
    drop,
  };
}
export type PrivateCluster = Awaited<ReturnType<typeof createPrivateCluster>>;
