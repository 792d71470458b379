import type { Kysely } from "kysely";

/** A step as `care_system.plug_steps` records it. */
export interface RecordedStep {
  step: string;
  checksum: string;
  to_version: string;
}

/** What the database records about one installed plug. */
export interface RecordedPlug {
  version: string;
  /** See `care_system.plugs.install_shape`; null for plugs installed before it was recorded. */
  installShape: string | null;
  development: boolean;
  steps: RecordedStep[];
}

/** Every plug's installed version and recorded steps, in two queries; the core's schema must be current. */
export async function readRegistry(db: Kysely<any>): Promise<Map<string, RecordedPlug>> {
  const registry = new Map<string, RecordedPlug>();
  const plugs = await db.selectFrom("care_system.plugs").select(["id", "version", "install_shape", "development"]).execute();
  for (const row of plugs)
    registry.set(row.id, { version: row.version, installShape: row.install_shape, development: row.development, steps: [] });
  for (const row of await db.selectFrom("care_system.plug_steps").select(["plug_id", "step", "checksum", "to_version"]).execute()) {
    registry.get(row.plug_id)?.steps.push(row);
  }
  return registry;
}
