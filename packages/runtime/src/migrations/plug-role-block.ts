import { sql, type RawBuilder } from "kysely";
import { createHash } from "node:crypto";
import { coreGrantFingerprint, coreGrantStatements, type CoreReads } from "./core-grants.js";

/**
 * One DO block that brings a plug's role, schema and core grants (the `reads` it declares, nothing
 * else) to what this version expects, and,
 * with `enter`, acts as the role with unqualified names in its schema. Every install and upgrade runs
 * it; on PGlite each statement costs about a millisecond before it does anything, so it is one
 * statement, and when everything is in place (the role's comment names this version's grants) it
 * does one catalog lookup and writes nothing.
 *
 * Each step it has no right to do is skipped when already done, so a DBA can do them instead and the
 * app role needs no CREATEROLE (docs/database-roles.md); a step that is missing and may not be done
 * stops with the SQL to run.
 */
export function plugRoleBlock(id: string, options: { enter: boolean; reads: CoreReads }): RawBuilder<unknown> {
  const lit = (value: string) => sql.lit(value);
  const fingerprint = coreGrantFingerprint(options.reads);
  const expected = sql.join(fingerprint.map(lit));
  return sql`do $care_role$
declare
  plug_id constant text := ${lit(id)};
  role_name constant text := ${plugRoleExpression(id)};
  schema_name constant text := ${lit(`plug_${id}`)};
  -- Earlier versions named the role after the schema: one role for the same plug in every database of
  -- the server, and every app role on it a member.
  old_role constant text := ${lit(`plug_${id}`)};
  app_role constant text := current_user;
  -- SET ROLE needs membership, and from PostgreSQL 16 on its SET option (a role's creator gets only ADMIN).
  may_set constant text := case when pg_catalog.current_setting('server_version_num')::int >= 160000 then 'SET' else 'MEMBER' end;
  -- What a DBA runs once instead, when the app role may not: the app creates the schema and grants.
  dba_sql constant text := pg_catalog.format(E'create role %I login;\\ngrant %I to %I;', role_name, role_name, app_role);
  -- Marks a role that has this version's grants: a plug's role may not comment on roles, the app may.
  marker constant text := ${lit(plugRoleMarker(id, options.reads))};
  schema_owner text;
  granted text[];
  role_oid oid;
  in_place boolean;
begin
  -- Usually everything is in place already: one lookup, nothing written.
  select pg_catalog.pg_has_role(r.oid, may_set) and n.nspowner = r.oid and pg_catalog.shobj_description(r.oid, 'pg_authid') = marker
    into in_place
    from pg_catalog.pg_roles r left join pg_catalog.pg_namespace n on n.nspname = schema_name
    where r.rolname = role_name;
  if in_place then
    ${options.enter ? enter() : sql``}
    return;
  end if;

  if not exists (select from pg_catalog.pg_roles where rolname = role_name) then
    begin
      execute pg_catalog.format('create role %I nologin', role_name);
    exception
      -- Another instance of this deployment may be creating it right now.
      when duplicate_object or unique_violation then null;
      when insufficient_privilege then
        raise exception E'plug %: the database role % does not exist, and the app role % may not create it (it has no CREATEROLE). '
          'A DBA can run, once, on the server of database %:\\n%', plug_id, role_name, app_role, pg_catalog.current_database(), dba_sql
          using errcode = 'insufficient_privilege';
    end;
  end if;

  -- A superuser may already.
  if not pg_catalog.pg_has_role(app_role, role_name, may_set) then
    begin
      execute pg_catalog.format('grant %I to %I', role_name, app_role);
    exception when insufficient_privilege then
      raise exception E'plug %: the app role % is not a member of the plug''s role % and may not make itself one (it has no CREATEROLE). '
        'A DBA can run, once, on the server of database %:\\n%', plug_id, app_role, role_name, pg_catalog.current_database(), dba_sql
        using errcode = 'insufficient_privilege';
    end;
  end if;

  select pg_catalog.pg_get_userbyid(nspowner) into schema_owner from pg_catalog.pg_namespace where nspname = schema_name;
  if schema_owner is null then
    begin
      execute pg_catalog.format('create schema %I authorization %I', schema_name, role_name);
    exception when insufficient_privilege then
      raise exception E'plug %: the app role % may not create the schema % in database %. '
        'A DBA can, connected to it:\\ncreate schema % authorization %;',
        plug_id, app_role, schema_name, pg_catalog.current_database(),
        pg_catalog.quote_ident(schema_name), pg_catalog.quote_ident(role_name)
        using errcode = 'insufficient_privilege';
    end;
  elsif schema_owner = old_role then
    ${takeOver()}
  elsif schema_owner <> role_name then
    raise exception E'plug %: schema % belongs to role %, not to the plug''s role %. '
      'Its objects must belong to %; a DBA can hand over the schema, connected to database %:\\nalter schema % owner to %;',
      plug_id, schema_name, schema_owner, role_name, role_name, pg_catalog.current_database(),
      pg_catalog.quote_ident(schema_name), pg_catalog.quote_ident(role_name)
      using errcode = 'insufficient_privilege';
  end if;

  role_oid := pg_catalog.quote_ident(role_name)::regrole;
  -- Usually already as listed; grant statements rewrite catalog rows, so only when they differ.
  select coalesce(pg_catalog.array_agg(granted_privilege order by granted_privilege collate "C"), '{}') into granted from (
    select 'schema:' || a.privilege_type as granted_privilege
      from pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
      where n.nspname = 'core' and a.grantee = role_oid
    union all
    select c.relname || ':' || a.privilege_type
      from pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
      where c.relnamespace = 'core'::regnamespace and a.grantee = role_oid
    union all
    select c.relname || '.' || t.attname || ':' || a.privilege_type
      from pg_catalog.pg_attribute t join pg_catalog.pg_class c on c.oid = t.attrelid, pg_catalog.aclexplode(t.attacl) a
      where c.relnamespace = 'core'::regnamespace and a.grantee = role_oid
  ) privileges;
  if granted is distinct from array[${expected}]::text[] then
    -- A table-level revoke takes the columns' privileges with it: what an earlier version granted goes.
    execute pg_catalog.format('revoke all on all tables in schema core from %I', role_name);
    execute pg_catalog.format('revoke all on all sequences in schema core from %I', role_name);
    execute pg_catalog.format('revoke all on schema core from %I', role_name);
    execute pg_catalog.format('grant usage on schema core to %I', role_name);
    ${coreGrantStatements(options.reads)}
  end if;
  begin
    execute pg_catalog.format('comment on role %I is %L', role_name, marker);
  -- Without CREATEROLE (a DBA made the role) the grants are compared at every start instead.
  exception when insufficient_privilege then null;
  end;
  ${options.enter ? enter() : sql``}
end $care_role$`;
}

/** The role's name in SQL: `plug_<id>_` and the first 8 hex digits of md5(current_database()). */
export function plugRoleExpression(id: string): RawBuilder<string> {
  return plugRoleOf(sql.lit(id));
}

/** The same, for a plug id that is itself an SQL expression (a column of a list of ids). */
export function plugRoleOf(id: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`pg_catalog.concat('plug_', ${id}, '_', pg_catalog.substr(pg_catalog.md5(pg_catalog.current_database()), 1, 8))`;
}

/**
 * A schema an earlier version made, owned by the shared role: its objects become the new role's.
 * REASSIGN OWNED changes objects of the current database only, plus shared objects (databases,
 * tablespaces); the old role never owns one, and if it does, a DBA decides instead of this block.
 */
function takeOver(): RawBuilder<unknown> {
  return sql`if exists (select from pg_catalog.pg_shdepend d
        where d.refclassid = 'pg_catalog.pg_authid'::regclass and d.refobjid = pg_catalog.quote_ident(old_role)::regrole
          and d.deptype = 'o' and d.dbid = 0) then
      raise exception E'plug %: role % owns a database or tablespace, which REASSIGN OWNED would hand to % as well. '
        'A DBA can hand over only this database''s objects, connected to database %:\\n'
        'alter schema % owner to %; -- and each object in it',
        plug_id, old_role, role_name, pg_catalog.current_database(), pg_catalog.quote_ident(schema_name), pg_catalog.quote_ident(role_name)
        using errcode = 'insufficient_privilege';
    end if;
    begin
      execute pg_catalog.format('reassign owned by %I to %I', old_role, role_name);
    exception when insufficient_privilege then
      raise exception E'plug %: schema % belongs to role %, which earlier versions shared between the databases of a server, '
        'and the app role % may not hand its objects to %. A DBA can, connected to database %:\\nreassign owned by % to %;',
        plug_id, schema_name, old_role, app_role, role_name, pg_catalog.current_database(),
        pg_catalog.quote_ident(old_role), pg_catalog.quote_ident(role_name)
        using errcode = 'insufficient_privilege';
    end;
    -- Every app role of the server could become the old role: it keeps nothing in this database.
    execute pg_catalog.format('revoke all on all tables in schema core from %I', old_role);
    execute pg_catalog.format('revoke all on all sequences in schema core from %I', old_role);
    execute pg_catalog.format('revoke all on schema core from %I', old_role);
    if exists (select from pg_catalog.pg_auth_members m
                where m.roleid = pg_catalog.quote_ident(old_role)::regrole and m.member = pg_catalog.quote_ident(app_role)::regrole) then
      begin
        execute pg_catalog.format('revoke %I from %I', old_role, app_role);
      -- Not the app's to revoke: the old role owns nothing here now, so the membership reaches nothing.
      exception when insufficient_privilege then null;
      end;
    end if;`;
}

/** Acts as the plug's role until the transaction ends or leavePlugRole, with names in its schema. */
function enter(): RawBuilder<unknown> {
  return sql`perform pg_catalog.set_config('role', role_name, true);
  perform pg_catalog.set_config('search_path', pg_catalog.quote_ident(schema_name) || ', public', true);`;
}

/**
 * The comment on a role that has these grants. It changes with the plug's declaration, so a role
 * marked for an earlier one is granted again; start compares it to tell which roles need that.
 */
export function plugRoleMarker(id: string, reads: CoreReads): string {
  const grants = createHash("sha256").update(coreGrantFingerprint(reads).join("\n")).digest("hex").slice(0, 12);
  return `Care plug ${id}; core grants ${grants}`;
}
