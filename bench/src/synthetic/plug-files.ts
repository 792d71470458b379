import type { DeliveryMode } from "@care/core";

/** The id of the n-th synthetic plug: p001, p002… (names its schema plug_p001 and its URL prefix). */
export const syntheticId = (index: number) => `p${String(index + 1).padStart(3, "0")}`;

/** The package name a deployment imports the plug by. */
export const syntheticPackage = (id: string) => `@bench-plugs/${id}`;

/**
 * The plug's one table. The same columns serve the plug's install.sql (unqualified, run as the
 * plug's role in its schema) and the hand-wired baseline's plain script (qualified, idempotent).
 */
export function seenTable(name: string, ifNotExists = false): string {
  return `create table ${ifNotExists ? "if not exists " : ""}${name} (
  id bigserial primary key,
  patient_id uuid not null references core.patients (id),
  seen_at timestamptz not null default now()
);\n`;
}

/**
 * The table the plug's POST route writes and reads (routes measurement), with the index its read
 * uses. The same shape serves the plug's install.sql, the hand-wired script and the core route's
 * baseline table (`bench_core.visits`), so both routes do the same SQL work.
 */
export function visitsTable(schema: string | undefined, ifNotExists = false): string {
  const name = (table: string) => (schema ? `${schema}.${table}` : table);
  const maybe = ifNotExists ? "if not exists " : "";
  return `create table ${maybe}${name("visits")} (
  id bigserial primary key,
  patient_id uuid not null references core.patients (id),
  note text not null,
  at timestamptz not null default now()
);
create index ${maybe}visits_patient on ${name("visits")} (patient_id, id);\n`;
}

/** Where the core route of the routes measurement keeps its visits: a schema of the bench's own, as the app role. */
export const baselineSchema = "bench_core";

/**
 * The files of one synthetic plug package, by relative path. `feature.js` holds the work (the
 * handler and the route's body) so that the plug and the hand-wired baseline run the same code;
 * `index.js` is only the plug's wrapping of it, which is what composition costs.
 */
export function plugFiles(id: string, mode: DeliveryMode): Record<string, string> {
  const packageJson = {
    name: syntheticPackage(id),
    version: "1.0.0",
    description: `synthetic plug ${id} for pnpm bench`,
    license: "Apache-2.0",
    type: "module",
    main: "./index.js",
    exports: { ".": "./index.js", "./feature.js": "./feature.js", "./package.json": "./package.json" },
    care: { plug: { id, core: ">=0.1.0 <1.0.0", contract: "^1.0.0", coreReads: { patients: ["id"] } } },
  };
  const feature = `// The work of synthetic feature ${id}, shared by its plug and by the hand-wired baseline.

/** On patient.created: one row in the feature's own table. */
export async function onPatientCreated(db, payload) {
  await db.insertInto("seen").values({ patient_id: payload.patient.id }).execute();
}

/** The GET route's body: a patient, read through the core service acting as the caller (so scoping applies). */
export function showPatient(core, patientId) {
  return core.patients.get(patientId);
}

/**
 * The POST route's body, run inside one transaction on db (the feature's own schema): a visit
 * written, then read back with the patient's latest visits (an index range, so the cost does not
 * grow with the table).
 */
export async function recordVisit(db, patientId, note) {
  const { id } = await db.insertInto("visits").values({ patient_id: patientId, note }).returning("id").executeTakeFirstOrThrow();
  const visit = await db.selectFrom("visits").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const recent = await db
    .selectFrom("visits")
    .select(["id", "at"])
    .where("patient_id", "=", patientId)
    .orderBy("id", "desc")
    .limit(5)
    .execute();
  return { visit, recent };
}
`;
  // Typed routes as a plug author writes them: the runtime validates the input and serializes the
  // answer through these schemas, which is part of what composition costs. Loose objects pass the
  // core's patient and the visit rows through unchanged, so both sides answer the same body.
  const index = `import { plugTypes } from "@care/plug-sdk";
import { z } from "zod";
import manifest from "./package.json" with { type: "json" };
import { onPatientCreated, recordVisit, showPatient } from "./feature.js";

const plug = plugTypes();
const row = z.looseObject({ id: z.union([z.string(), z.number()]) });

export default plug.define({
  package: manifest,
  migrations: new URL("./migrations/", import.meta.url),
  on: { "patient.created": { mode: ${JSON.stringify(mode)}, handle: (payload, context) => onPatientCreated(context.db, payload) } },
  routes: [
    // Acts as the caller: context.core is scoped to the request's actor.
    plug.route.get("/patients/:patientId", {
      summary: "A patient, read through the core as the caller",
      params: z.object({ patientId: z.string() }),
      responses: { 200: row },
    }, ({ params }, context) => showPatient(context.core, params.patientId)),
    // Its own table, in the core's unit of work, every statement as the plug's role.
    plug.route.post("/visits", {
      summary: "Record a visit and answer it with the patient's latest visits",
      body: z.object({ patientId: z.string(), note: z.string() }),
      responses: { 200: z.object({ visit: row, recent: z.array(row) }) },
    }, ({ body }, context) => context.transaction((db) => recordVisit(db, body.patientId, body.note))),
  ],
});
`;
  return {
    "package.json": `${JSON.stringify(packageJson, null, 2)}\n`,
    "feature.js": feature,
    "index.js": index,
    "migrations/install.sql": `-- Runs as the plug's role in schema plug_${id}.\n${seenTable("seen")}${visitsTable(undefined)}`,
  };
}
