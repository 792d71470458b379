import { z } from "zod";
import { optionalText, timestamp } from "../text.js";

export const encounterKinds = ["outpatient", "inpatient", "emergency"] as const;
export const encounterStatuses = ["planned", "in_progress", "finished", "cancelled"] as const;
export type EncounterStatus = (typeof encounterStatuses)[number];

export const encounterSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  facilityId: z.uuid(),
  kind: z.enum(encounterKinds),
  status: z.enum(encounterStatuses),
  startedAt: timestamp.nullable(),
  endedAt: timestamp.nullable(),
  attendingUserId: z.uuid().nullable(),
  notes: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Encounter = z.infer<typeof encounterSchema>;

export const encounterCreateSchema = z.strictObject({
  patientId: z.uuid(),
  kind: z.enum(encounterKinds),
  status: z.enum(["planned", "in_progress"]).default("planned"),
  attendingUserId: z.uuid().nullable().optional(),
  notes: optionalText(10_000),
});
export type EncounterCreate = z.input<typeof encounterCreateSchema>;

export const encounterUpdateSchema = z.strictObject({
  status: z.enum(encounterStatuses).optional(),
  attendingUserId: z.uuid().nullable().optional(),
  notes: optionalText(10_000),
});
export type EncounterUpdate = z.input<typeof encounterUpdateSchema>;

export const encounterListSchema = z.object({
  facilityId: z.uuid().optional(),
  patientId: z.uuid().optional(),
  status: z.enum(encounterStatuses).optional(),
});
export type EncounterFilter = z.input<typeof encounterListSchema>;
