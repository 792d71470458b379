import type { ComponentType } from "react";
// zod/mini: the same checks as zod in about a quarter of the bytes, and this file is in the first load.
import { z } from "zod/mini";

// A React component is a function, or an object React made (lazy, memo, forwardRef) marked with $$typeof.
const component = z.custom<ComponentType<never>>(
  (value) => typeof value === "function" || (typeof value === "object" && value !== null && "$$typeof" in value),
  { message: "expected a React component" },
);

const contribution = z.object({
  id: z.string().check(z.minLength(1)),
  label: z.string().check(z.minLength(1)),
  order: z.optional(z.number()),
  roles: z.optional(z.array(z.string())),
  component,
});

const page = z.extend(contribution, { path: z.string() });

// Two contributions with one id in a slot would share a React key and a tab's place in the URL (?tab=<plugId>.<id>).
const slot = <T extends z.ZodMiniType<{ id: string }>>(item: T) =>
  z.optional(z.array(item)).check(
    z.refine((items) => new Set(items?.map((entry) => entry.id)).size === (items?.length ?? 0), {
      message: "two contributions share an id",
    }),
  );

/**
 * What a plug's UI entry must default-export, checked when the app starts: what the host reads outside a plug's error
 * boundary (ids, roles, order, paths) must have the right shape, or a malformed plug would break the screens it is on.
 */
export const plugUiSchema = z.object({
  translations: z.optional(z.record(z.string(), z.record(z.string(), z.unknown()))),
  patientTabs: slot(contribution),
  encounterActions: slot(contribution),
  dashboardWidgets: slot(contribution),
  pages: slot(page),
  adminPages: slot(page),
});
