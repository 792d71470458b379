import type { Actor, ActorRef, Role, SystemActor, UserActor } from "@care/plug-api";

// Who is doing something, as the plug contract declares it: a signed-in staff member, or the system itself.
export type { Actor, ActorRef, Role, SystemActor, UserActor };

export const roles = ["admin", "doctor", "nurse", "staff"] as const satisfies readonly Role[];

export const systemActor = (name: string): SystemActor => ({ kind: "system", name });

export function isAdmin(actor: Actor): boolean {
  return actor.kind === "system" || actor.roles.includes("admin");
}

/** Facilities whose patients and encounters the actor may see; `undefined` means all of them. */
export function visibleFacilityIds(actor: Actor): readonly string[] | undefined {
  return isAdmin(actor) ? undefined : (actor as UserActor).facilityIds;
}

export function canSeeFacility(actor: Actor, facilityId: string): boolean {
  const visible = visibleFacilityIds(actor);
  return visible === undefined || visible.includes(facilityId);
}

/** The form of an actor that travels in a signal's payload. */
export function describeActor(actor: Actor): ActorRef {
  return actor.kind === "user" ? { kind: "user", userId: actor.userId, username: actor.username } : actor;
}
