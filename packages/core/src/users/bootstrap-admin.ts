import { randomBytes } from "node:crypto";
import { systemActor } from "../actor.js";
import { CareError } from "../errors.js";
import type { UserService } from "./service.js";
import { passwordWeakness } from "./password-policy.js";
import { CareRefusal } from "../refusal.js";
import type { UnitOfWork } from "../db/unit-of-work.js";

export type AdminBootstrap = { created: false } | { created: true; username: string; password: string; generated: boolean };

/**
 * On a database with no users, creates `admin` with `password`, or with a generated one that
 * the caller shows once (20 random characters, which the password policy accepts). Does nothing
 * once any user exists; a weak `password` is refused only when it would be used.
 */
export async function ensureAdmin(uow: UnitOfWork, users: UserService, password: string | undefined): Promise<AdminBootstrap> {
  const any = await uow.db.selectFrom("core.users").select("id").limit(1).executeTakeFirst();
  if (any) return { created: false };
  const weakness = password === undefined ? undefined : passwordWeakness(password);
  if (weakness) {
    // Said before anything is created, naming the setting rather than a user field.
    throw new CareRefusal(400, "password_too_weak", `the administrator password chosen for the first start ${weakness}`, [
      { path: "adminPassword", message: weakness },
    ]);
  }
  const chosen = password ?? randomBytes(15).toString("base64url");
  try {
    await users.create(systemActor("bootstrap"), {
      username: "admin",
      displayName: "Administrator",
      password: chosen,
      roles: ["admin"],
    });
  } catch (error) {
    // Two instances starting on one new database: the other created it first, and its password holds.
    if (error instanceof CareError && error.code === "conflict") return { created: false };
    throw error;
  }
  return { created: true, username: "admin", password: chosen, generated: password === undefined };
}
