import { z } from "zod";
import { optionalText, requiredText, searchText, timestamp } from "../text.js";

export const sexes = ["female", "male", "other", "unknown"] as const;

const identifierSchema = z.strictObject({
  system: requiredText(200),
  value: requiredText(200),
});
export type PatientIdentifier = z.infer<typeof identifierSchema>;

/** One identifier per system per patient is checked by the service: a repeated system is a conflict (409). */
const identifierList = z.array(identifierSchema).max(50);

export const patientSchema = z.object({
  id: z.uuid(),
  facilityId: z.uuid(),
  name: z.string(),
  birthDate: z.iso.date(),
  sex: z.enum(sexes),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  identifiers: z.array(identifierSchema),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Patient = z.infer<typeof patientSchema>;

const birthDate = z.iso
  .date("must be a date as YYYY-MM-DD")
  .refine((value) => value <= new Date().toISOString().slice(0, 10), "must not be in the future")
  .refine((value) => value >= "1880-01-01", "must be after 1880-01-01");

export const patientCreateSchema = z.strictObject({
  facilityId: z.uuid(),
  name: requiredText(200),
  birthDate,
  sex: z.enum(sexes),
  phone: optionalText(50),
  address: optionalText(500),
  identifiers: identifierList.default([]),
});
export type PatientCreate = z.input<typeof patientCreateSchema>;

/**
 * A patient stays at the facility that registered them; everything else can change. Fields left
 * out stay as they are: `identifiers` has no default here, so an update without it keeps them.
 */
export const patientUpdateSchema = patientCreateSchema
  .omit({ facilityId: true, identifiers: true })
  .partial()
  .extend({ identifiers: identifierList.optional() });
export type PatientUpdate = z.input<typeof patientUpdateSchema>;

export const patientListSchema = z.object({
  facilityId: z.uuid().optional(),
  q: searchText,
});
export type PatientFilter = z.input<typeof patientListSchema>;
