import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { plugRoleName } from "./plug-role.js";

/**
 * On a PostgreSQL server: lets the plug's role (made by preparePlugRole) log in, so the runtime can run
 * a plug's SQL on sessions of that role, which can never become the app's role. The password is made
 * once and kept in care_system.plug_logins, so every instance of the deployment logs in with the same
 * one; each start sets it again (a restored or recreated role gets it back). Starts of several
 * instances take turns: PostgreSQL refuses two changes of one role at once. Never called on PGlite.
 */
export async function preparePlugLogin(db: Kysely<any>, id: string): Promise<{ user: string; password: string }> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('care plug logins'))`.execute(tx);
    const user = await plugRoleName(tx, id);
    const { rows } = await sql<{ password: string }>`select password from care_system.plug_logins where role = ${user}`.execute(tx);
    const password = rows[0]?.password ?? randomBytes(32).toString("base64url");
    if (!rows[0]) await sql`insert into care_system.plug_logins (role, password) values (${user}, ${password})`.execute(tx);
    await allowLogin(tx, id, user, password);
    return { user, password };
  });
}

async function allowLogin(db: Kysely<any>, id: string, user: string, password: string): Promise<void> {
  await sql`do $care_login$
declare
  plug_id constant text := ${sql.lit(id)};
  role_name constant text := ${sql.lit(user)};
  app_role constant text := current_user;
  prior_role constant text := pg_catalog.current_setting('role');
  can_login boolean;
begin
  select rolcanlogin into can_login from pg_catalog.pg_roles where rolname = role_name;
  if not found then
    raise exception 'plug %: its database role % does not exist yet; preparePlugRole makes it', plug_id, role_name;
  end if;
  if not can_login then
    begin
      execute pg_catalog.format('alter role %I login', role_name);
    exception when insufficient_privilege then
      raise exception E'plug %: its database role % may not log in, and the app role % may not allow it (it has no CREATEROLE). '
        'A DBA can run, once:\\nalter role % login;', plug_id, role_name, app_role, pg_catalog.quote_ident(role_name)
        using errcode = 'insufficient_privilege';
    end;
  end if;
  -- Any role may set its own password: as the plug's role, the app needs no CREATEROLE for this.
  perform pg_catalog.set_config('role', role_name, true);
  execute pg_catalog.format('alter role %I password %L', role_name, ${sql.lit(scramVerifier(password))});
  perform pg_catalog.set_config('role', prior_role, true);
end $care_login$`.execute(db);
}

/**
 * The password as PostgreSQL stores it (SCRAM-SHA-256, RFC 5803): the server and its statement log
 * never see the password itself. The password is ASCII, so SASLprep leaves it as it is.
 */
function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
