import type { CareDatabase } from "@care/core";
import { sql, type RawBuilder } from "kysely";

/**
 * Everything an attacking plug could change, read as the app: core rows (credentials and sessions
 * included), the plug registry and the outbox, the victim plug's table, the shape and grants of the
 * core, system and victim schemas, and what roles the app and the plugs hold. The Trigger facility's
 * patients, encounters and their outbox rows are left out: the tests change them to fire the
 * attacker's handlers.
 */
export async function isolationSnapshot(database: CareDatabase, triggerFacility: string): Promise<Record<string, unknown>> {
  const db = database.db;
  const rows = async (query: RawBuilder<unknown>) => (await query.execute(db)).rows;
  const watched = sql`('core', 'care_system', 'plug_victim', 'public')`;
  // This database's plug roles (named per database), and the shared names of earlier versions.
  const suffix = sql`substr(md5(current_database()), 1, 8)`;
  const plugRoles = sql`('plug_attacker', 'plug_victim', 'plug_attacker_' || ${suffix}, 'plug_victim_' || ${suffix})`;
  return {
    facilities: await rows(sql`select * from core.facilities order by id`),
    users: await rows(sql`select * from core.users order by id`),
    userFacilities: await rows(sql`select * from core.user_facilities order by 1, 2`),
    patients: await rows(sql`select * from core.patients where facility_id <> ${triggerFacility} order by id`),
    identifiers: await rows(sql`select i.* from core.patient_identifiers i join core.patients p on p.id = i.patient_id
        where p.facility_id <> ${triggerFacility} order by 1, 2`),
    encounters: await rows(sql`select * from core.encounters where facility_id <> ${triggerFacility} order by id`),
    sessions: await rows(sql`select * from core.sessions order by token_hash`),
    outbox: await rows(sql`select event_id, signal, subscriber, payload, status, last_error from care_system.outbox
        where coalesce(payload #>> '{patient,facilityId}', payload #>> '{encounter,facilityId}', '') <> ${triggerFacility} order by id`),
    plugs: await rows(sql`select * from care_system.plugs order by id`),
    plugSteps: await rows(sql`select * from care_system.plug_steps order by id`),
    victim: await rows(sql`select * from plug_victim.secrets order by id`),
    schemas: await rows(sql`select nspname, nspowner::regrole::text as owner, nspacl::text as acl from pg_namespace
        where nspname in ${watched} or nspname like 'plug\\_%' order by 1`),
    relations: await rows(sql`select n.nspname, c.relname, c.relkind, c.relowner::regrole::text as owner, c.relacl::text as acl,
        c.relrowsecurity, c.relhastriggers from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ${watched} order by 1, 2`),
    columns: await rows(sql`select table_schema, table_name, column_name, data_type, column_default from information_schema.columns
        where table_schema in ${watched} order by 1, 2, 3`),
    functions: await rows(sql`select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) as args from pg_proc p
        join pg_namespace n on n.oid = p.pronamespace where n.nspname in ${watched} order by 1, 2, 3`),
    triggers: await rows(sql`select tgrelid::regclass::text as on_table, tgname from pg_trigger where not tgisinternal order by 1, 2`),
    // Settings stored for this database or the app's role would reach every later session.
    stored: await rows(sql`select setrole::regrole::text as role, setconfig from pg_db_role_setting
        where setdatabase = (select oid from pg_database where datname = current_database())
           or setrole = (select oid from pg_roles where rolname = current_user) order by 1`),
    // Roles are the server's: only the app's own and this database's two plugs' are read, since tests
    // of other files add plug roles of their own databases meanwhile.
    roles: await rows(sql`select rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication from pg_roles
        where rolname = current_user or rolname in ${plugRoles} order by 1`),
    // What the app and the plugs are members of, past the plug roles an app is granted by design.
    memberships: await rows(sql`select m.member::regrole::text as member, m.roleid::regrole::text as role from pg_auth_members m
        join pg_roles r on r.oid = m.member
        where (r.rolname = current_user and m.roleid::regrole::text not like 'plug\\_%') or r.rolname in ${plugRoles} order by 1, 2`),
  };
}

/**
 * The role and settings the app's connections run with: PGlite's one session, or on a server every
 * connection of the pool (ten held at once, so each is seen). A plug that left its role or a setting
 * behind would show here as a second kind of session.
 */
export async function appSessions(database: CareDatabase): Promise<unknown[]> {
  const connections = database.engine === "postgres" ? 10 : 1;
  const seen = await Promise.all(
    Array.from({ length: connections }, () =>
      database.db.transaction().execute(async (tx) => {
        const { rows } = await sql<Record<string, string>>`select current_user as "user", session_user as "session",
            current_setting('role') as role, current_setting('search_path') as search_path,
            current_setting('session_authorization') as authorization, current_setting('is_superuser') as superuser,
            current_setting('default_transaction_read_only') as read_only, current_setting('statement_timeout') as statement_timeout,
            pg_sleep(${connections > 1 ? 0.05 : 0})::text as waited`.execute(tx);
        return JSON.stringify(rows[0]);
      }),
    ),
  );
  return [...new Set(seen)].sort().map((row) => JSON.parse(row));
}
