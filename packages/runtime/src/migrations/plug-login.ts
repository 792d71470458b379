import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { plugRoleName } from "./plug-role.js";

/**
 * On a PostgreSQL server: lets the plug's role (made by preparePlugRole) log in, with a fresh random
 * password, so the runtime can run a plug's SQL on sessions of that role, which can never become the
 * app's role. Every call replaces the password: sessions already open stay, new ones need the new one.
 * Never called on PGlite, which has one session.
 */
export async function preparePlugLogin(db: Kysely<any>, id: string): Promise<{ user: string; password: string }> {
  const user = await plugRoleName(db, id);
  const password = randomBytes(32).toString("base64url");
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
      raise exception E'plug %: its database role % may not log in, and the app role % may not allow it (it has no CREATEROLE). A DBA can run, once:\\nalter role % login;', plug_id, role_name, app_role, pg_catalog.quote_ident(role_name)
        using errcode = 'insufficient_privilege';
    end;
  end if;
  -- Any role may set its own password: as the plug's role, the app needs no CREATEROLE for this.
  perform pg_catalog.set_config('role', role_name, true);
  execute pg_catalog.format('alter role %I password %L', role_name, ${sql.lit(scramVerifier(password))});
  perform pg_catalog.set_config('role', prior_role, true);
end $care_login$`.execute(db);
  return { user, password };
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
