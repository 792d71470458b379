import type { Role } from "./actor.js";

/** A staff account as the core answers it (never its password). Plugs read users; they do not write them. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  facilityIds: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `q`: a part of the username or display name; `facilityId`: users of that facility. */
export interface UserFilter {
  q?: string | undefined;
  facilityId?: string | undefined;
}
