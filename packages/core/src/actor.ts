/** Who is doing something: a signed-in staff member, or the system itself (start-up, a plug's job). */
export type Actor =
  | { kind: "user"; userId: string; username: string; roles: readonly Role[]; facilityIds: readonly string[] }
  | { kind: "system"; name: string };

export const roles = ["admin", "doctor", "nurse", "staff"] as const;
export type Role = (typeof roles)[number];

export const systemActor = (name: string): Actor => ({ kind: "system", name });

export function isAdmin(actor: Actor): boolean {
  return actor.kind === "system" || actor.roles.includes("admin");
}

/** Facilities whose patients and encounters the actor may see; `undefined` means all of them. */
export function visibleFacilityIds(actor: Actor): readonly string[] | undefined {
  return isAdmin(actor) ? undefined : (actor as Extract<Actor, { kind: "user" }>).facilityIds;
}

export function canSeeFacility(actor: Actor, facilityId: string): boolean {
  const visible = visibleFacilityIds(actor);
  return visible === undefined || visible.includes(facilityId);
}

/** The form of an actor that travels in a signal's payload. */
export function describeActor(actor: Actor): ActorRef {
  return actor.kind === "user" ? { kind: "user", userId: actor.userId, username: actor.username } : actor;
}

export type ActorRef = { kind: "user"; userId: string; username: string } | { kind: "system"; name: string };
