import { z } from "zod";
import { roles } from "../actor.js";
import { requiredText, searchText, timestamp } from "../text.js";
import { checkPasswordPolicy } from "./password-policy.js";

export const userSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(roles)),
  facilityIds: z.array(z.uuid()),
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type User = z.infer<typeof userSchema>;

/** Length and commonness are the password policy's (`password-policy.ts`). */
const password = z.string().max(200, "must be at most 200 characters").superRefine(checkPasswordPolicy);
const roleList = z
  .array(z.enum(roles))
  .min(1, "give the user at least one role")
  .refine((list) => new Set(list).size === list.length, "lists a role twice");
const facilityIds = z.array(z.uuid()).refine((list) => new Set(list).size === list.length, "lists a facility twice");

export const userCreateSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{2,63}$/, "3-64 letters, digits, '.', '_' or '-', starting with a letter or digit"),
  displayName: requiredText(200),
  password,
  roles: roleList,
  facilityIds: facilityIds.default([]),
  active: z.boolean().default(true),
});
export type UserCreate = z.input<typeof userCreateSchema>;

export const userUpdateSchema = z.strictObject({
  displayName: requiredText(200).optional(),
  password: password.optional(),
  roles: roleList.optional(),
  facilityIds: facilityIds.optional(),
  active: z.boolean().optional(),
});
export type UserUpdate = z.input<typeof userUpdateSchema>;

export const userListSchema = z.object({
  q: searchText,
  facilityId: z.uuid().optional(),
});
export type UserFilter = z.input<typeof userListSchema>;
