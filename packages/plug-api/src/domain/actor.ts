/** The roles a staff member can hold. */
export type Role = "admin" | "doctor" | "nurse" | "staff";

/** A signed-in staff member, with the roles and facilities that decide what they may see and do. */
export interface UserActor {
  kind: "user";
  userId: string;
  username: string;
  roles: readonly Role[];
  facilityIds: readonly string[];
}

/** The system itself (start-up, a plug acting as itself: `plug:<id>`); it sees every facility. */
export interface SystemActor {
  kind: "system";
  name: string;
}

/** Who is doing something: a signed-in staff member, or the system itself. */
export type Actor = UserActor | SystemActor;

/** Who did something, as a signal's payload carries it: the user's id and name, or the system's name. */
export type ActorRef = { kind: "user"; userId: string; username: string } | { kind: "system"; name: string };
