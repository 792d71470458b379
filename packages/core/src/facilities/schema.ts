import { z } from "zod";
import { optionalText, requiredText, searchText, timestamp } from "../text.js";

export const facilityKinds = ["hospital", "clinic", "health_center", "laboratory", "pharmacy", "other"] as const;

export const facilitySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(facilityKinds),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Facility = z.infer<typeof facilitySchema>;

export const facilityCreateSchema = z.strictObject({
  name: requiredText(200),
  kind: z.enum(facilityKinds),
  address: optionalText(500),
  phone: optionalText(50),
});
export type FacilityCreate = z.input<typeof facilityCreateSchema>;

export const facilityUpdateSchema = facilityCreateSchema.partial();
export type FacilityUpdate = z.input<typeof facilityUpdateSchema>;

export const facilityListSchema = z.object({ q: searchText });
export type FacilityFilter = z.input<typeof facilityListSchema>;
