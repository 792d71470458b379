import type { CareDatabase } from "@care/core";
import { deploymentStatus } from "../migrations/deployment-status.js";
import { detachedPlugs } from "../migrations/detach-plugs.js";
import type { PlugHealthCheck } from "../plugs/plug-health.js";
import type { PreparedPlugs } from "../plugs/prepare.js";
import type { AdminPlug, AdminPlugDetail } from "./admin-plug-schemas.js";
import type { BundleRecords } from "./bundle-records.js";
import { configEntriesOf } from "./config-entries.js";
import { readMigrationHistory } from "./migration-history.js";
import { noPlugMetadata, plugMetadataOf } from "./plug-metadata.js";

/** What the admin view of the plugs is read from: the running deployment's, or one the CLI opened. */
export interface AdminSource {
  prepared: PreparedPlugs;
  database: CareDatabase;
  /** plugs.lock.json and plugs.digests.json of the deployment's folder (readBundleRecords). */
  bundle: BundleRecords;
  /** How each bundled plug runs now; without it (nothing runs) a plug counts as started unless switched off. */
  stateOf?: (id: string) => AdminPlug["state"];
  /** The plugs' last health() answers, the ones /health/ready shows; none without it. */
  health?: () => Promise<ReadonlyMap<string, PlugHealthCheck>>;
}

/**
 * Every plug of the bundle, then every detached one (installed, no longer in plug.config.ts): the
 * versions from the database (as `care status` reads them), the lock's source, integrity and
 * signature, the state, the last health answer and the package's metadata. Changes nothing.
 */
export async function readAdminPlugs(source: AdminSource): Promise<AdminPlug[]> {
  const { prepared, database, bundle } = source;
  const installed = new Map((await deploymentStatus(prepared, database)).map((row) => [row.id, row.installed ?? null]));
  const health = (await source.health?.()) ?? new Map<string, PlugHealthCheck>();
  const bundled = prepared.plugs.map((plug): AdminPlug => {
    const record = bundle.get(plug.id);
    const check = health.get(plug.id);
    const signedBy = record?.signedBy ?? null;
    return {
      id: plug.id,
      package: plug.packageName,
      bundledVersion: plug.version,
      installedVersion: installed.get(plug.id) ?? null,
      source: record?.source ?? null,
      integrity: { lock: record?.integrity ?? null, verified: record?.verified ?? false },
      signature: { status: signedBy === null ? "unsigned" : "signed", signedBy },
      state: source.stateOf?.(plug.id) ?? (plug.enabled ? "started" : "disabled"),
      required: plug.required,
      health: check ? { status: check.status, reason: check.reason ?? null, checkedAt: check.checkedAt } : null,
      metadata: plugMetadataOf(plug.definition.package),
      ui: plug.block.ui !== undefined,
    };
  });
  const detached = (
    await detachedPlugs(
      database.db,
      bundled.map((plug) => plug.id),
    )
  ).map(
    (plug): AdminPlug => ({
      id: plug.id,
      package: plug.package,
      bundledVersion: null,
      installedVersion: plug.version,
      source: null,
      integrity: { lock: null, verified: false },
      signature: { status: "unsigned", signedBy: null },
      state: "detached",
      required: false,
      health: null,
      metadata: noPlugMetadata,
      ui: false,
    }),
  );
  return [...bundled, ...detached];
}

/** One plug with its settings (secrets as set or unset only) and its recorded migration steps; undefined when unknown. */
export async function readAdminPlug(source: AdminSource, id: string): Promise<AdminPlugDetail | undefined> {
  const plug = (await readAdminPlugs(source)).find((each) => each.id === id);
  if (!plug) return undefined;
  const loaded = source.prepared.plugs.find((each) => each.id === id);
  return {
    ...plug,
    config: loaded ? configEntriesOf(loaded, source.prepared.configs.get(id)) : [],
    migrations: await readMigrationHistory(source.database.db, id),
  };
}
