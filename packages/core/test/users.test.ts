import { describe, expect, it } from "vitest";
import { careError, pathsOf, recordSignals, seed, system, useCore, userActor } from "./helpers.js";

const password = "correct horse battery";

describe("user service", () => {
  const started = useCore();

  const storedHash = async (id: string) =>
    (await started.core.database.db.selectFrom("core.users").select("password_hash").where("id", "=", id).executeTakeFirstOrThrow())
      .password_hash;

  it("creates a user, stores only a scrypt hash of the password, and never answers it", async () => {
    const { core } = started;
    const { north, south } = await seed(core);
    const user = await core.users.create(system, {
      username: "Clerk.Zawadi",
      displayName: "Zawadi",
      password: "a long enough secret",
      roles: ["staff", "nurse"],
      facilityIds: [south.id, north.id],
    });
    expect(user).toEqual({
      id: expect.any(String),
      username: "Clerk.Zawadi",
      displayName: "Zawadi",
      roles: ["staff", "nurse"],
      facilityIds: [north.id, south.id].sort(),
      active: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await core.users.get(system, user.id)).toEqual(user);
    const hash = await storedHash(user.id);
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain("a long enough secret");
    expect((await core.sessions.login({ username: "clerk.zawadi", password: "a long enough secret" })).userId).toBe(user.id);
  });

  it("emits user.created with the user and the actor, and no password anywhere in it, durable copy included", async () => {
    const { core } = started;
    const signals = recordSignals(core);
    core.signals.subscribe("user.created", "directory-sync", "durable", () => {});
    const user = await core.users.create(system, { username: "amani", displayName: "Amani", password, roles: ["doctor"] });
    const seen = await signals();
    expect(seen).toEqual([{ signal: "user.created", payload: { user, actor: { kind: "system", name: "test" } } }]);
    const outbox = await core.database.db.selectFrom("care_system.outbox").select("payload").execute();
    expect(outbox).toHaveLength(1);
    for (const text of [JSON.stringify(seen), JSON.stringify(outbox)]) {
      expect(text).not.toContain("scrypt$");
      expect(text).not.toContain(password);
      expect(text).not.toMatch(/password/i);
    }
  });

  it("refuses bad input, naming each bad field", async () => {
    const { core } = started;
    const error = await careError(
      core.users.create(system, {
        username: "x",
        displayName: "",
        password: "short",
        roles: ["surgeon" as never],
        facilityIds: ["not-a-uuid"],
        shoeSize: 44,
      } as never),
      "validation_failed",
    );
    expect(pathsOf(error).sort()).toEqual(["displayName", "facilityIds.0", "password", "roles.0", "shoeSize", "username"]);
    const noRoles = await careError(
      core.users.create(system, { username: "nobody", displayName: "No One", password, roles: [] }),
      "validation_failed",
    );
    expect(pathsOf(noRoles)).toEqual(["roles"]);
    expect((await core.users.list(system)).items).toEqual([]);
  });

  it("refuses facilities that do not exist, naming the entry", async () => {
    const { core } = started;
    const { north } = await seed(core);
    const error = await careError(
      core.users.create(system, {
        username: "wanderer",
        displayName: "Wanderer",
        password,
        roles: ["staff"],
        facilityIds: [north.id, "0190f0c2-0000-7000-8000-000000000000"],
      }),
      "validation_failed",
    );
    expect(pathsOf(error)).toEqual(["facilityIds.1"]);
  });

  it("keeps usernames unique regardless of case: a duplicate is a conflict on username", async () => {
    const { core } = started;
    await core.users.create(system, { username: "Baraka", displayName: "Baraka", password, roles: ["staff"] });
    const error = await careError(
      core.users.create(system, { username: "baraka", displayName: "Another", password, roles: ["staff"] }),
      "conflict",
    );
    expect(pathsOf(error)).toEqual(["username"]);
    expect((await core.users.list(system)).items.map((user) => user.displayName)).toEqual(["Baraka"]);
  });

  it("updates display name, roles, facilities and active flag, and emits user.updated", async () => {
    const { core } = started;
    const { south, doctorUser } = await seed(core);
    const signals = recordSignals(core);
    const updated = await core.users.update(system, doctorUser.id, {
      displayName: "Dr North, Head of Medicine",
      roles: ["doctor", "nurse"],
      facilityIds: [south.id],
    });
    expect(updated).toMatchObject({
      id: doctorUser.id,
      username: "dr.north",
      displayName: "Dr North, Head of Medicine",
      roles: ["doctor", "nurse"],
      facilityIds: [south.id],
      active: true,
    });
    const deactivated = await core.users.update(system, doctorUser.id, { active: false, facilityIds: [] });
    expect(deactivated).toMatchObject({ active: false, facilityIds: [], displayName: "Dr North, Head of Medicine" });
    expect(await core.users.get(system, doctorUser.id)).toEqual(deactivated);

    const seen = await signals();
    expect(seen).toEqual([
      { signal: "user.updated", payload: { user: updated, actor: { kind: "system", name: "test" } } },
      { signal: "user.updated", payload: { user: deactivated, actor: { kind: "system", name: "test" } } },
    ]);
  });

  it("changes the password: the old one stops working, the new one works, and open sessions end", async () => {
    const { core } = started;
    const { doctorUser } = await seed(core);
    const { token } = await core.sessions.login({ username: "dr.north", password });
    expect(await core.sessions.authenticate(token)).toMatchObject({ userId: doctorUser.id });
    const signals = recordSignals(core);

    await core.users.update(system, doctorUser.id, { password: "a brand new passphrase" });

    expect(await core.sessions.authenticate(token)).toBeUndefined();
    await careError(core.sessions.login({ username: "dr.north", password }), "unauthorized");
    expect((await core.sessions.login({ username: "dr.north", password: "a brand new passphrase" })).userId).toBe(doctorUser.id);
    expect(JSON.stringify(await signals())).not.toContain("scrypt$");
  });

  it("deactivating a user ends their sessions and stops them logging in, with the same answer as a wrong password", async () => {
    const { core } = started;
    const { nurseUser } = await seed(core);
    const { token } = await core.sessions.login({ username: "nurse.south", password });
    await core.users.update(system, nurseUser.id, { active: false });

    expect(await core.sessions.authenticate(token)).toBeUndefined();
    const inactive = await careError(core.sessions.login({ username: "nurse.south", password }), "unauthorized");
    const wrong = await careError(core.sessions.login({ username: "dr.north", password: "not the password" }), "unauthorized");
    const unknown = await careError(core.sessions.login({ username: "nobody.here", password }), "unauthorized");
    expect(inactive.message).toBe(wrong.message);
    expect(unknown.message).toBe(wrong.message);

    await core.users.update(system, nurseUser.id, { active: true });
    expect((await core.sessions.login({ username: "nurse.south", password })).userId).toBe(nurseUser.id);
  });

  it("keeps sessions when a change touches neither the password nor the active flag", async () => {
    const { core } = started;
    const { doctorUser, south } = await seed(core);
    const { token } = await core.sessions.login({ username: "dr.north", password });
    await core.users.update(system, doctorUser.id, { displayName: "Dr N.", facilityIds: [south.id] });
    // The session now carries the new facility: scoping follows the user's current facilities.
    expect(await core.sessions.authenticate(token)).toMatchObject({ userId: doctorUser.id, facilityIds: [south.id] });
  });

  it("refuses to update a user that does not exist", async () => {
    await careError(started.core.users.update(system, "0190f0c2-0000-7000-8000-000000000000", { displayName: "Ghost" }), "not_found");
  });

  it("lets only administrators create or change users", async () => {
    const { core } = started;
    const { doctor, doctorUser, nurseUser } = await seed(core);
    const signals = recordSignals(core);
    await careError(core.users.create(doctor, { username: "intern", displayName: "Intern", password, roles: ["doctor"] }), "forbidden");
    await careError(core.users.update(doctor, nurseUser.id, { active: false }), "forbidden");
    // Not even to make themselves an administrator.
    await careError(core.users.update(doctor, doctorUser.id, { roles: ["admin"] }), "forbidden");
    expect((await core.users.get(system, doctorUser.id)).roles).toEqual(["doctor"]);
    expect((await core.users.get(system, nurseUser.id)).active).toBe(true);
    expect(await signals()).toEqual([]);

    const admin = await core.users.create(system, { username: "admin", displayName: "Admin", password, roles: ["admin"] });
    const created = await core.users.create(userActor(admin), { username: "intern", displayName: "Intern", password, roles: ["doctor"] });
    expect(created.username).toBe("intern");
  });

  it("shows staff themselves and the people of their facilities; administrators see everyone", async () => {
    const { core } = started;
    const { north, south, doctor, doctorUser, nurseUser } = await seed(core);
    const colleague = await core.users.create(system, {
      username: "nurse.north",
      displayName: "Nurse North",
      password,
      roles: ["nurse"],
      facilityIds: [north.id],
    });
    const usernames = async (actor: typeof doctor, filter = {}) =>
      (await core.users.list(actor, filter)).items.map((user) => user.username);

    expect(await usernames(doctor)).toEqual(["dr.north", "nurse.north"]);
    expect(await usernames(system)).toEqual(["dr.north", "nurse.south", "nurse.north"]);
    expect((await core.users.get(doctor, colleague.id)).username).toBe("nurse.north");
    await careError(core.users.get(doctor, nurseUser.id), "not_found");

    expect(await usernames(system, { facilityId: south.id })).toEqual(["nurse.south"]);
    expect(await usernames(doctor, { facilityId: south.id })).toEqual([]);
    expect(await usernames(system, { q: "NORTH" })).toEqual(["dr.north", "nurse.north"]);
    expect(await usernames(system, { q: "Nurse South" })).toEqual(["nurse.south"]);
    expect((await core.users.get(doctor, doctorUser.id)).username).toBe("dr.north");
  });

  it("rolls a vetoed user creation back, facilities included", async () => {
    const { core } = started;
    const { north } = await seed(core);
    core.signals.subscribe("user.created", "licence-check", "inTransaction", () => {
      throw new Error("no licence on file");
    });
    await expect(
      core.users.create(system, {
        username: "unlicensed",
        displayName: "Unlicensed",
        password,
        roles: ["doctor"],
        facilityIds: [north.id],
      }),
    ).rejects.toThrow("no licence on file");
    expect((await core.users.list(system, { q: "unlicensed" })).items).toEqual([]);
    const links = await core.database.db.selectFrom("core.user_facilities").select("user_id").where("facility_id", "=", north.id).execute();
    expect(links).toHaveLength(1); // the seeded doctor only
  });

  it("keeps the last active administrator: neither deactivated nor demoted until another admin exists", async () => {
    const { core } = started;
    const admin = await core.users.create(system, { username: "chief", displayName: "Chief", password, roles: ["admin"] });
    const demote = await careError(core.users.update(system, admin.id, { roles: ["doctor"] }), "conflict");
    expect(demote.message).toContain("last active administrator");
    await careError(core.users.update(system, admin.id, { active: false }), "conflict");
    expect(await core.users.get(system, admin.id)).toMatchObject({ roles: ["admin"], active: true });

    await core.users.create(system, { username: "deputy", displayName: "Deputy", password, roles: ["admin"] });
    expect(await core.users.update(system, admin.id, { roles: ["doctor"] })).toMatchObject({ roles: ["doctor"] });
  });

  it("treats an empty search as no search", async () => {
    const { core } = started;
    await seed(core);
    expect((await core.users.list(system, { q: "" })).items).toHaveLength(2);
    expect((await core.patients.list(system, { q: "  " })).items).toHaveLength(2);
    expect((await core.facilities.list(system, { q: "" })).items).toHaveLength(2);
  });
});
