import type { Role } from "../domain/actor.js";

/** A staff member's role, the core's: what decides which contributions a user sees. */
export type UiRole = Role;

/** The signed-in user as the web app knows them (GET /api/v1/auth/me). */
export interface UiUser {
  id: string;
  username: string;
  displayName: string;
  roles: UiRole[];
  facilityIds: string[];
}
