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
    care: { plug: { id, core: ">=0.1.0 <1.0.0" } },
  };
  const feature = `// The work of synthetic feature ${id}, shared by its plug and by the hand-wired baseline.

/** On patient.created: one row in the feature's own table. */
export async function onPatientCreated(db, payload) {
  await db.insertInto("seen").values({ patient_id: payload.patient.id }).execute();
}

/** The route's body: a patient, read through the core service (so scoping applies). */
export function showPatient(core, actor, patientId) {
  return core.patients.get(actor, patientId);
}
`;
  const index = `import { definePlug, route } from "@care/runtime";
import manifest from "./package.json" with { type: "json" };
import { onPatientCreated, showPatient } from "./feature.js";

export default definePlug({
  package: manifest,
  migrations: new URL("./migrations/", import.meta.url),
  on: { "patient.created": { mode: ${JSON.stringify(mode)}, handle: (payload, context) => onPatientCreated(context.db, payload) } },
  routes: [route.get("/patients/:patientId", (request, _reply, context) => showPatient(context.core, request.actor, request.params.patientId))],
});
`;
  return {
    "package.json": `${JSON.stringify(packageJson, null, 2)}\n`,
    "feature.js": feature,
    "index.js": index,
    "migrations/install.sql": `-- Runs as role plug_${id} in schema plug_${id}.\n${seenTable("seen")}`,
  };
}
