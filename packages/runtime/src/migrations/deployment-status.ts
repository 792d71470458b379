import { appliedCoreMigrations, pendingCoreMigrations, type CareDatabase } from "@care/core";
import type { PreparedPlugs } from "../plugs/prepare.js";
import { planMigration } from "./plug-migrations.js";
import { readRegistry, type RecordedPlug } from "./registry.js";

export interface PlugStatus {
  id: string;
  package: string;
  installed: string | undefined;
  bundled: string;
  /** What a migrate would run: "install.sql" or the upgrade steps; empty when current. */
  pending: string[];
  /** The plug's schema was built from an unreleased install.sql (a developer's database). */
  development: boolean;
  /** Switched off in plug.config.ts: nothing of it runs and nothing of it migrates until it is switched on. */
  disabled: boolean;
}

/** Installed against bundled versions, and the steps a migrate would run; changes nothing. */
export async function deploymentStatus(prepared: PreparedPlugs, database: CareDatabase): Promise<PlugStatus[]> {
  const coreCurrent = pendingCoreMigrations(await appliedCoreMigrations(database.db)).length === 0;
  // A database the core never started on (or an older core) has no registry of this shape yet.
  const registry: Map<string, RecordedPlug> = coreCurrent ? await readRegistry(database.db) : await readOlderRegistry(database);
  return prepared.plugs.map((plug) => {
    const chain = prepared.migrations.get(plug.id);
    const recorded = registry.get(plug.id);
    let pending: string[] = [];
    if (chain) {
      const plan = planMigration(plug, chain, recorded?.version);
      pending = plan.kind === "install" ? ["install.sql"] : plan.kind === "upgrade" ? plan.steps.map((step) => `upgrade/${step.name}`) : [];
    }
    return {
      id: plug.id,
      package: plug.packageName,
      installed: recorded?.version,
      bundled: plug.version,
      pending,
      development: recorded?.development ?? false,
      disabled: !plug.enabled,
    };
  });
}

async function readOlderRegistry(database: CareDatabase): Promise<Map<string, RecordedPlug>> {
  const rows = await database.db
    .selectFrom("care_system.plugs")
    .select(["id", "version"])
    .execute()
    .catch(() => []);
  return new Map(rows.map((row) => [row.id, { version: row.version, installShape: null, development: false, steps: [] }]));
}
