import type { Role, User, UserCreate, UserUpdate } from "@care/core";
import { z } from "zod";

/** The core's roles (a type check keeps this list the core's: the web app imports no core code). */
export const userRoles = ["admin", "doctor", "nurse", "staff"] as const satisfies readonly Role[];

/**
 * The user form's fields. The API checks the rest (username format, password policy, unknown
 * facilities) and its refusals are shown on the fields they name.
 */
export const userFormSchema = z.object({
  username: z.string().trim(),
  displayName: z.string().trim().min(1, "required"),
  password: z.string(),
  roles: z.array(z.enum(userRoles)).min(1, "required"),
  facilityIds: z.array(z.string()),
  active: z.boolean(),
});
export type UserFormValues = z.infer<typeof userFormSchema>;

/** A new user must be given a username and a password; an edit keeps the password unless one is typed. */
export const newUserSchema = userFormSchema.superRefine((values, context) => {
  if (!values.username) context.addIssue({ code: "custom", path: ["username"], message: "required" });
  if (!values.password) context.addIssue({ code: "custom", path: ["password"], message: "required" });
});

export const blankUser: UserFormValues = { username: "", displayName: "", password: "", roles: [], facilityIds: [], active: true };

export const valuesOf = (user: User): UserFormValues => ({
  username: user.username,
  displayName: user.displayName,
  password: "",
  roles: user.roles,
  facilityIds: user.facilityIds,
  active: user.active,
});

export const toCreate = ({ username, displayName, password, roles, facilityIds, active }: UserFormValues): UserCreate => ({
  username,
  displayName,
  password,
  roles,
  facilityIds,
  active,
});

export const toUpdate = ({ displayName, password, roles, facilityIds, active }: UserFormValues): UserUpdate => ({
  displayName,
  roles,
  facilityIds,
  active,
  ...(password ? { password } : {}),
});
