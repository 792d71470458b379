import type { Core } from "@care/core";
import { sql, type Kysely } from "kysely";
import { preparePlugLogin } from "../../migrations/plug-login.js";
import { plugSchema, preparePlugRole } from "../../migrations/plug-role.js";
import { plugRoleMarker, plugRoleOf } from "../../migrations/plug-role-block.js";
import { currentWrite } from "../context.js";
import type { LoadedPlug } from "../loaded-plug.js";
import { plugDatabase } from "./plug-database.js";
import { plugLoginPool } from "./plug-login-pool.js";
import { loadStatementParser } from "./statement-check.js";

/** Each plug's `context.db` and what closes it, by plug id (plug-driver.ts says where statements run). */
export interface PlugDatabases {
  byPlug: Map<string, Kysely<any>>;
  close(): Promise<void>;
}

/**
 * On a server, each plug also gets a small pool logged in as its own role (4 connections at most,
 * closed when idle): its SQL outside the core's transactions runs there.
 */
export async function openPlugDatabases(core: Core, plugs: readonly LoadedPlug[], poolSize = 4): Promise<PlugDatabases> {
  const byPlug = new Map<string, Kysely<any>>();
  const pools: Kysely<any>[] = [];
  if (plugs.length > 0) await loadStatementParser();
  const { db: app, serverUrl } = core.database;
  const roles = await plugRoles(app, plugs);
  for (const plug of plugs) {
    const schema = plugSchema(plug.id);
    const { role, inPlace } = roles.get(plug.id)!;
    // A plug with no migrations still gets its role here, and a plug whose declared core reads
    // changed without a migration step to run gets the new grants (and loses the old) here.
    if (!inPlace) await app.transaction().execute((tx) => preparePlugRole(tx, plug.id, plug.block.coreReads));
    const own = serverUrl ? plugLoginPool(serverUrl, await preparePlugLogin(app, plug.id), schema, poolSize) : undefined;
    if (own) pools.push(own);
    byPlug.set(plug.id, plugDatabase({ plugId: plug.id, role, schema, currentWrite: () => currentWrite(core), app, own }));
  }
  return { byPlug, close: async () => void (await Promise.all(pools.map((pool) => pool.destroy()))) };
}

/**
 * Every plug's role name in this database, and whether the role, its schema and its grants are as
 * its declaration wants (the role's comment says so, plug-role-block.ts): one query at start.
 */
async function plugRoles(db: Kysely<any>, plugs: readonly LoadedPlug[]): Promise<Map<string, { role: string; inPlace: boolean }>> {
  const ids = plugs.map((plug) => plug.id);
  const markers = plugs.map((plug) => plugRoleMarker(plug.id, plug.block.coreReads));
  const { rows } = await sql<{ id: string; role: string; in_place: boolean }>`select ids.id, names.role,
      exists (select from pg_catalog.pg_roles r join pg_catalog.pg_namespace n on n.nspowner = r.oid and n.nspname = 'plug_' || ids.id
        where r.rolname = names.role and pg_catalog.shobj_description(r.oid, 'pg_authid') = ids.marker) as in_place
    from rows from (pg_catalog.unnest(${ids}::text[]), pg_catalog.unnest(${markers}::text[])) as ids (id, marker)
    cross join lateral (select ${plugRoleOf(sql.ref("ids.id"))} as role) names`.execute(db);
  return new Map(rows.map((row) => [row.id, { role: row.role, inPlace: row.in_place }]));
}
