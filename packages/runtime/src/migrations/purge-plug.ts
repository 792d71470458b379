import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { appliedCoreMigrations, lockDeploymentSchema, type CareDatabase } from "@care/core";
import { sql, type Kysely, type Transaction } from "kysely";
import { detachedPlugs } from "./detach-plugs.js";
import { plugExportDocument, plugSystemRows, readPlugExport, type PlugExport } from "./export-plug-data.js";
import { plugRoleName, plugSchema } from "./plug-role.js";

/** A purge that did not happen: what was wrong, and what to do. Nothing was changed. */
export class PlugPurgeError extends Error {
  override readonly name = "PlugPurgeError";
  constructor(
    message: string,
    readonly hint?: string,
    options: { cause?: unknown; code?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? "plug_purge_refused";
  }

  readonly code: string;
}

export interface PlugPurgeOptions {
  id: string;
  /** The deployment's name, for the export and the hints. */
  deployment: string;
  /** The plug ids the deployment's plug.config.ts (its bundle) runs: none of these can be purged. */
  bundled: readonly string[];
  /** The folder the export is written to; made if missing. */
  exportDir: string;
}

export interface PlugPurgeReport {
  id: string;
  version: string;
  /** The export, written and checked before anything was dropped. */
  file: string;
  bytes: number;
  schema: string;
  /** Rows per table of the plug's schema, as exported and dropped. */
  tables: Record<string, number>;
  /** The plug's role dropped, or null when it did not exist (a DBA dropped it, or it was never made). */
  role: string | null;
  registryRows: number;
  deliveries: number;
}

/**
 * Exports a detached plug's schema and rows to a file, then drops its schema, role, registry rows
 * and deliveries, all in one transaction under the deployment's lock: the file is written, synced
 * and read back before the first drop, and any failure before COMMIT leaves the database as it was.
 */
export async function purgePlug(database: CareDatabase, options: PlugPurgeOptions): Promise<PlugPurgeReport> {
  const { id, deployment } = options;
  await refuseBeforeOpening(database, options);
  return database.db.transaction().execute(async (tx) => {
    // No start or migrate of this deployment runs while the plug goes.
    await lockDeploymentSchema(tx);
    // A plug's row-level security policy must not hide rows from the export that the drop deletes:
    // with it off, a query a policy would filter fails instead, and the purge rolls back.
    await sql`set local row_security = off`.execute(tx);
    const recorded = await recordedPlug(tx, options, true);
    const role = await existingRole(tx, id);
    await lockPlugTables(tx, id);
    const data = await readPlugExport(tx, id, { deployment, database: database.location, role });
    const file = await writeExport(data, options.exportDir);
    const bytes = await checkExport(tx, file, data);

    await sql`drop schema if exists ${sql.id(plugSchema(id))} cascade`.execute(tx);
    if (role) await dropRole(tx, id, role);
    const deliveries = await tx.deleteFrom("care_system.outbox").where("subscriber", "=", id).executeTakeFirst();
    const steps = await tx.deleteFrom("care_system.plug_steps").where("plug_id", "=", id).executeTakeFirst();
    await tx.deleteFrom("care_system.plugs").where("id", "=", id).execute();
    const exported = (name: string) => data.system.find((table) => table.name === name)!.rowCount;
    // The outbox is not locked against new rows: what went must be what the file holds.
    if (Number(deliveries.numDeletedRows) !== exported("outbox") || Number(steps.numDeletedRows) !== exported("plug_steps")) {
      throw new PlugPurgeError(
        `plug ${id}: its deliveries or steps changed while the export was written. Nothing was changed`,
        "run the purge again",
        { code: "plug_purge_raced" },
      );
    }
    return {
      id,
      version: recorded.version,
      file,
      bytes,
      schema: plugSchema(id),
      tables: Object.fromEntries(data.schema.tables.map((table) => [table.name, table.rowCount])),
      role,
      registryRows: 1 + exported("plug_steps"),
      deliveries: exported("outbox"),
    };
  });
}

/** What a purge of the plug would delete, counted; changes nothing. Refuses as the purge would. */
export async function previewPlugPurge(database: CareDatabase, options: Omit<PlugPurgeOptions, "exportDir">): Promise<PlugPurgePreview> {
  await refuseBeforeOpening(database, options);
  const { id } = options;
  const recorded = await recordedPlug(database.db, options, false);
  const { rows: tables } = await sql<{
    name: string;
  }>`select c.relname as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${plugSchema(id)} and c.relkind in ('r', 'p') order by c.relname`.execute(database.db);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<{
      count: string | number;
    }>`select count(*) as count from only ${sql.id(plugSchema(id), table.name)}`.execute(database.db);
    counts[table.name] = Number(rows[0]!.count);
  }
  const steps = await database.db
    .selectFrom("care_system.plug_steps")
    .select((eb) => eb.fn.countAll().as("count"))
    .where("plug_id", "=", id)
    .executeTakeFirstOrThrow();
  const deliveries = await database.db
    .selectFrom("care_system.outbox")
    .select((eb) => eb.fn.countAll().as("count"))
    .where("subscriber", "=", id)
    .executeTakeFirstOrThrow();
  return {
    id,
    version: recorded.version,
    schema: plugSchema(id),
    tables: counts,
    role: await existingRole(database.db, id),
    registryRows: 1 + Number(steps.count),
    deliveries: Number(deliveries.count),
  };
}

export type PlugPurgePreview = Omit<PlugPurgeReport, "file" | "bytes">;

async function refuseBeforeOpening(database: CareDatabase, options: Omit<PlugPurgeOptions, "exportDir">): Promise<void> {
  const { id, deployment } = options;
  if (options.bundled.includes(id)) {
    throw new PlugPurgeError(
      `plug ${id} is in deployment ${deployment}'s plug.config.ts: purge deletes only plugs that were removed from it. Nothing was changed`,
      `remove it from apps/${deployment}/plug.config.ts and run \`pnpm care sync -d ${deployment}\` first, ` +
        "or switch it off instead to keep it and its data",
    );
  }
  if (!(await appliedCoreMigrations(database.db)).includes("0007_plug_lifecycle")) {
    throw new PlugPurgeError(
      `the database of deployment ${deployment} is not migrated to this version of Care. Nothing was changed`,
      `run \`pnpm care migrate -d ${deployment}\` (or start the deployment) first`,
    );
  }
}

/** The plug's registry row (locked for the purge), or a refusal that lists the plugs purge can delete. */
async function recordedPlug(db: Kysely<any>, options: Omit<PlugPurgeOptions, "exportDir">, lock: boolean): Promise<{ version: string }> {
  const { id, deployment } = options;
  let query = db.selectFrom("care_system.plugs").select(["version", "detached_at"]).where("id", "=", id);
  if (lock) query = query.forUpdate();
  const recorded = await query.executeTakeFirst();
  // Detached means a start or migrate of a bundle without it ran: instances still running it would lose their tables.
  if (recorded && recorded.detached_at === null) {
    throw new PlugPurgeError(
      `plug ${id} is not detached in deployment ${deployment}'s database: ` +
        "the bundle that runs on it may still have the plug. Nothing was changed",
      "deploy the bundle without it first (its start marks the plug detached), " +
        `or run \`pnpm care migrate -d ${deployment}\` with it; then purge`,
    );
  }
  if (recorded) return recorded;
  const detached = (await detachedPlugs(db, options.bundled)).map((plug) => `${plug.id} (${plug.version})`);
  throw new PlugPurgeError(
    `deployment ${deployment} has no plug ${id} in its database. Nothing was changed`,
    detached.length
      ? `plugs removed from plug.config.ts that purge can delete: ${detached.join(", ")}`
      : "no plug in this database was removed from plug.config.ts: there is nothing to purge",
  );
}

async function existingRole(tx: Kysely<any>, id: string): Promise<string | null> {
  const name = await plugRoleName(tx, id);
  const { rows } = await sql<{
    exists: boolean;
  }>`select exists (select from pg_catalog.pg_roles where rolname = ${name}) as exists`.execute(tx);
  return rows[0]!.exists ? name : null;
}

/** Nobody writes to the plug's tables between the export and the drop (an instance of an older bundle could). */
async function lockPlugTables(tx: Transaction<any>, id: string): Promise<void> {
  const { rows } = await sql<{
    name: string;
  }>`select c.relname as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${plugSchema(id)} and c.relkind in ('r', 'p') order by c.relname`.execute(tx);
  if (rows.length === 0) return;
  await sql`lock table ${sql.join(rows.map((row) => sql.id(plugSchema(id), row.name)))} in access exclusive mode`.execute(tx);
}

/** Temp file, fsync, rename, fsync of the folder: the export is whole on disk, or not there at all. */
async function writeExport(data: PlugExport, dir: string): Promise<string> {
  const file = join(dir, `${data.plug}-${data.exportedAt.replace(/[:.]/g, "-")}.json`);
  const temp = `${file}.${randomBytes(4).toString("hex")}.partial`;
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(plugExportDocument(data), "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    const folder = await open(dir, "r");
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
    return file;
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new PlugPurgeError(
      `plug ${data.plug}: the export could not be written to ${dir} (${(error as Error).message}). Nothing was dropped`,
      "free space or fix the folder's permissions, or choose another folder with --export-dir <folder>, then run the purge again",
      { cause: error },
    );
  }
}

/** Reads the file back and compares its rows, table by table, with the database's counts; returns its size. */
async function checkExport(tx: Transaction<any>, file: string, data: PlugExport): Promise<number> {
  const text = await readFile(file, "utf8");
  const written = JSON.parse(text) as {
    schema: { tables: Array<{ schema: string; name: string; rows: unknown[] }> };
    system: Array<{ schema: string; name: string; rows: unknown[] }>;
  };
  const expected = [...data.schema.tables, ...data.system];
  const found = [...written.schema.tables, ...written.system];
  for (const table of expected) {
    const filtered = data.system.includes(table) ? new Map(plugSystemRows(data.plug)).get(table.name)! : sql`true`;
    const { rows } = await sql<{
      count: string | number;
    }>`select count(*) as count from only ${sql.id(table.schema, table.name)} where ${filtered}`.execute(tx);
    const inFile = found.find((entry) => entry.schema === table.schema && entry.name === table.name)?.rows.length;
    if (inFile !== Number(rows[0]!.count)) {
      throw new PlugPurgeError(
        `plug ${data.plug}: the export ${file} holds ${inFile ?? "no"} rows of ${table.schema}.${table.name}, ` +
          `the database ${rows[0]!.count}. Nothing was dropped`,
        "run the purge again; if it fails the same way, keep the plug and report this",
      );
    }
  }
  return Buffer.byteLength(text);
}

/**
 * DROP OWNED BY takes the role's remaining objects and its grants on the core in this database;
 * then the role goes, with its login's stored password. Without the right to, the purge stops.
 */
async function dropRole(tx: Transaction<any>, id: string, role: string): Promise<void> {
  try {
    await sql`drop owned by ${sql.id(role)}`.execute(tx);
    await sql`drop role ${sql.id(role)}`.execute(tx);
  } catch (error) {
    throw new PlugPurgeError(
      `plug ${id}: its database role ${role} could not be dropped (${(error as Error).message}). Nothing was changed`,
      `a DBA can drop it, connected to this database: drop owned by ${role}; drop role ${role}; ` +
        "then run the purge again (it skips a role that is gone)",
      { cause: error },
    );
  }
  await sql`delete from care_system.plug_logins where role = ${role}`.execute(tx);
}
