import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { definePlug } from "@care/plug-sdk";
import type { TestClient, TestDeployment, TestResponse } from "@care/plug-sdk/testing";
import { sql, type Kysely } from "kysely";
import { expect } from "vitest";
import lab from "../src/index.js";

export const migrationsDir = fileURLToPath(new URL("../migrations/", import.meta.url));

/** A facility with one patient and one in-progress encounter, registered by the admin. */
export async function clinic(deployment: TestDeployment, name = "North", patientName = "Neema Juma") {
  const facility = await created(deployment.admin.post("/api/v1/facilities", { name, kind: "clinic" }));
  const patient = await created(
    deployment.admin.post("/api/v1/patients", { facilityId: facility.id, name: patientName, birthDate: "1990-04-12", sex: "female" }),
  );
  const encounter = await created(
    deployment.admin.post("/api/v1/encounters", { patientId: patient.id, kind: "outpatient", status: "in_progress" }),
  );
  return { facility, patient, encounter };
}

export async function created(request: Promise<TestResponse>): Promise<any> {
  const response = await request;
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export const orderTest = (client: TestClient, encounterId: string, body: Record<string, unknown>) =>
  client.post(`/api/plugs/lab/encounters/${encounterId}/orders`, body);

export const recordResult = (client: TestClient, orderId: string, body: Record<string, unknown>) =>
  client.post(`/api/plugs/lab/orders/${orderId}/result`, body);

export const cancelOrder = (client: TestClient, orderId: string, body: Record<string, unknown> = {}) =>
  client.post(`/api/plugs/lab/orders/${orderId}/cancel`, body);

export const listOrders = (client: TestClient, patientId: string, query = "") =>
  client.get(`/api/plugs/lab/patients/${patientId}/orders${query}`);

export const listOpenEncounters = (client: TestClient, patientId: string) =>
  client.get(`/api/plugs/lab/patients/${patientId}/open-encounters`);

export const setEncounterStatus = (client: TestClient, encounterId: string, status: string) =>
  client.patch(`/api/v1/encounters/${encounterId}`, { status });

/**
 * A release of lab as it was at `version`, with the given migrations folder. The current routes
 * and handlers speak the 1.2.0 schema, so an older release is booted without them.
 */
export function labRelease(version: string, migrations: string) {
  return definePlug({ ...lab, package: { ...lab.package, version }, migrations, routes: [], on: {} });
}

/** Temporary migrations folders, removed by `removeTempFolders`. */
const tempFolders: string[] = [];

export async function migrationsFolder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "care-lab-migrations-"));
  tempFolders.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

export const readMigration = (name: string) => readFile(join(migrationsDir, name), "utf8");

/** The 1.0.0 release: its install script was baseline/1.0.0.sql, and it had no upgrade steps. */
export async function release100Migrations(): Promise<string> {
  return migrationsFolder({ "install.sql": await readMigration("baseline/1.0.0.sql") });
}

/** A copy of the real migrations folder, to break one file of. */
export async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "care-lab-migrations-"));
  tempFolders.push(dir);
  await cp(migrationsDir, dir, { recursive: true });
  return dir;
}

export async function removeTempFolders(): Promise<void> {
  await Promise.all(tempFolders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * Everything about schema plug_lab that a migration decides: columns (in order, with types,
 * nullability and defaults), constraints, indexes and table owners. Two databases whose plug_lab
 * schemas compare equal here are the same to the plug.
 */
export async function describeLabSchema(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ line: string }>`
    select 'column ' || table_name || ' #' || row_number() over (partition by table_name order by ordinal_position) || ' ' || column_name
        || ' ' || data_type || case when is_nullable = 'NO' then ' not null' else '' end
        || coalesce(' default ' || column_default, '') as line
      from information_schema.columns where table_schema = 'plug_lab'
    union all
    select 'constraint ' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = k.connamespace
      where n.nspname = 'plug_lab'
    union all
    select 'index ' || tablename || ' ' || indexname || ' ' || indexdef from pg_indexes where schemaname = 'plug_lab'
    union all
    -- The role's suffix names the database (plug_lab_<8 hex>); two databases compared differ in it.
    select 'table ' || tablename || ' owner ' || regexp_replace(tableowner, '_[0-9a-f]{8}$', '_<database>')
      from pg_tables where schemaname = 'plug_lab'
    order by 1`.execute(db);
  return rows.map((row) => row.line);
}

/** Rows of a plug_lab table, ordered by id, for before/after comparisons. */
export async function labRows(db: Kysely<any>, table: "orders" | "results"): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(`plug_lab.${table}`)} order by id`.execute(db);
  return rows;
}

export async function labColumns(db: Kysely<any>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = 'plug_lab' and table_name = ${table} order by ordinal_position`.execute(db);
  return rows.map((row) => row.name);
}

export async function labRecord(db: Kysely<any>) {
  const plug = await db.selectFrom("care_system.plugs").select(["version", "package"]).where("id", "=", "lab").executeTakeFirst();
  const steps = await db
    .selectFrom("care_system.plug_steps")
    .select(["step", "from_version", "to_version"])
    .where("plug_id", "=", "lab")
    .orderBy("id")
    .execute();
  return { plug, steps };
}
