import { sql, type Expression, type Selectable, type Transaction } from "kysely";
import { describeActor, isAdmin, type Actor, type Role } from "../actor.js";
import type { CoreDatabase, UsersTable } from "../db/tables.js";
import type { UnitOfWork } from "../db/unit-of-work.js";
import { CareError, conflict, notFound, parseInput } from "../errors.js";
import { knownId, newId } from "../ids.js";
import { decodeCursor, pageQuery, toPage, type Page } from "../pagination.js";
import { requireAdmin } from "../permissions.js";
import { containing } from "../text.js";
import { hashPassword } from "./password.js";
import { parseWithPasswordPolicy } from "./password-policy.js";
import {
  userCreateSchema,
  userListSchema,
  userUpdateSchema,
  type User,
  type UserCreate,
  type UserFilter,
  type UserUpdate,
} from "./schema.js";
import { coreOrigin } from "../signals/core-origin.js";

type UserRow = Selectable<UsersTable> & { facility_ids: string[] };

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  roles: row.roles as Role[],
  facilityIds: row.facility_ids,
  active: row.active,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const facilityIdsOf = (userId: Expression<string>) =>
  sql<string[]>`array(select facility_id::text from core.user_facilities where user_id = ${userId} order by facility_id)`;

export class UserService {
  constructor(private readonly uow: UnitOfWork) {}

  async create(actor: Actor, input: UserCreate): Promise<User> {
    requireAdmin(actor, "create users");
    const data = parseWithPasswordPolicy(userCreateSchema, input, "user");
    const passwordHash = await hashPassword(data.password);
    return this.uow.write(
      actor,
      async ({ tx, emit }) => {
        await assertFacilitiesExist(tx, data.facilityIds, "facilityIds");
        const id = newId();
        await tx
          .insertInto("core.users")
          .values({
            id,
            username: data.username,
            display_name: data.displayName,
            password_hash: passwordHash,
            roles: data.roles,
            active: data.active,
          })
          .execute();
        await setFacilities(tx, id, data.facilityIds);
        const user = toUser(await this.users().where("u.id", "=", id).executeTakeFirstOrThrow());
        await emit("user.created", { user, actor: describeActor(actor) });
        return user;
      },
      coreOrigin,
    );
  }

  async update(actor: Actor, id: string, input: UserUpdate): Promise<User> {
    knownId("user", id);
    requireAdmin(actor, "change users");
    const data = parseWithPasswordPolicy(userUpdateSchema, input, "user");
    const passwordHash = data.password ? await hashPassword(data.password) : undefined;
    return this.uow.write(
      actor,
      async ({ tx, emit }) => {
        if (data.facilityIds) await assertFacilitiesExist(tx, data.facilityIds, "facilityIds");
        if (data.active === false || (data.roles && !data.roles.includes("admin"))) await assertNotLastAdmin(tx, id);
        const updated = await tx
          .updateTable("core.users")
          .set({
            ...(data.displayName !== undefined && { display_name: data.displayName }),
            ...(data.roles !== undefined && { roles: data.roles }),
            ...(data.active !== undefined && { active: data.active }),
            ...(passwordHash !== undefined && { password_hash: passwordHash }),
            updated_at: sql<Date>`now()`,
          })
          .where("id", "=", id)
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n) throw notFound("user", id);
        if (data.facilityIds) await setFacilities(tx, id, data.facilityIds);
        // A password change or deactivation ends the user's sessions.
        if (passwordHash !== undefined || data.active === false) await tx.deleteFrom("core.sessions").where("user_id", "=", id).execute();
        const user = toUser(await this.users().where("u.id", "=", id).executeTakeFirstOrThrow());
        await emit("user.updated", { user, actor: describeActor(actor) });
        return user;
      },
      coreOrigin,
    );
  }

  /** Administrators see everyone; staff see themselves and the people of their facilities. */
  async get(actor: Actor, id: string): Promise<User> {
    knownId("user", id);
    const row = await this.visibleUsers(actor).where("u.id", "=", id).executeTakeFirst();
    if (!row) throw notFound("user", id);
    return toUser(row);
  }

  async list(actor: Actor, query: UserFilter & { limit?: number | string; cursor?: string } = {}): Promise<Page<User>> {
    const filter = parseInput(userListSchema.extend(pageQuery.shape), query, "user list query");
    let select = this.visibleUsers(actor)
      .orderBy("u.id")
      .limit(filter.limit + 1);
    if (filter.q) {
      const pattern = containing(filter.q);
      select = select.where((eb) => eb.or([eb("u.username", "ilike", pattern), eb("u.display_name", "ilike", pattern)]));
    }
    if (filter.facilityId) {
      select = select.where("u.id", "in", (eb) =>
        eb.selectFrom("core.user_facilities").select("user_id").where("facility_id", "=", filter.facilityId!),
      );
    }
    if (filter.cursor) select = select.where("u.id", ">", decodeCursor(filter.cursor));
    return toPage(await select.execute(), filter.limit, toUser);
  }

  /** Inside a write, `reader` is its transaction, so this sees what the write just did. */
  private users() {
    return this.uow.reader
      .selectFrom("core.users as u")
      .selectAll("u")
      .select((eb) => facilityIdsOf(eb.ref("u.id")).as("facility_ids"));
  }

  private visibleUsers(actor: Actor) {
    const select = this.users();
    if (isAdmin(actor) || actor.kind !== "user") return select;
    const mine = [...actor.facilityIds];
    return select.where((eb) =>
      eb.or([
        eb("u.id", "=", actor.userId),
        ...(mine.length
          ? [eb("u.id", "in", eb.selectFrom("core.user_facilities").select("user_id").where("facility_id", "in", mine))]
          : []),
      ]),
    );
  }
}

async function setFacilities(tx: Transaction<CoreDatabase>, userId: string, facilityIds: string[]): Promise<void> {
  await tx.deleteFrom("core.user_facilities").where("user_id", "=", userId).execute();
  if (facilityIds.length === 0) return;
  await tx
    .insertInto("core.user_facilities")
    .values(facilityIds.map((facility_id) => ({ user_id: userId, facility_id })))
    .execute();
}

/**
 * Names each id that is not a facility, so the caller knows which entry to fix: `path.<index>`
 * for a list of ids, `path` itself for a single one.
 */
export async function assertFacilitiesExist(tx: Transaction<CoreDatabase>, ids: readonly string[] | string, path: string): Promise<void> {
  const list = typeof ids === "string" ? [ids] : ids;
  if (list.length === 0) return;
  const found = new Set(
    (
      await tx
        .selectFrom("core.facilities")
        .select("id")
        .where("id", "in", [...list])
        .execute()
    ).map((row) => row.id),
  );
  const missing = list.flatMap((id, index) =>
    found.has(id) ? [] : [{ path: typeof ids === "string" ? path : `${path}.${index}`, message: `no facility has id ${id}` }],
  );
  if (missing.length > 0)
    throw new CareError("validation_failed", `unknown facility: ${missing.map((m) => m.message).join("; ")}`, missing);
}

/** Someone must be able to administer the deployment: the last active admin stays one. */
async function assertNotLastAdmin(tx: Transaction<CoreDatabase>, userId: string): Promise<void> {
  // Locking every active admin serialises concurrent demotions, so two cannot each remove the other.
  const admins = await tx
    .selectFrom("core.users")
    .select("id")
    .where("active", "=", true)
    .where(sql<boolean>`'admin' = any(roles)`)
    .orderBy("id")
    .forUpdate()
    .execute();
  if (admins.length === 1 && admins[0]!.id === userId) {
    throw conflict("this is the last active administrator; make another user an administrator first", [
      { path: "roles", message: "the deployment needs at least one active administrator" },
    ]);
  }
}
