import { z } from "zod";
import { encounterCreateSchema, encounterListSchema, encounterSchema, encounterUpdateSchema } from "../encounters/schema.js";
import { facilityCreateSchema, facilityListSchema, facilitySchema, facilityUpdateSchema } from "../facilities/schema.js";
import { pageQuery } from "../pagination.js";
import { patientCreateSchema, patientListSchema, patientSchema, patientUpdateSchema } from "../patients/schema.js";
import { userCreateSchema, userListSchema, userSchema, userUpdateSchema } from "../users/schema.js";
import type { Resource } from "./resource-route-options.js";

/** A list's filters plus paging, strict: `?facilityID=` is refused rather than ignored (which would list everything). */
const listQuery = <Shape extends z.ZodRawShape>(filters: z.ZodObject<Shape>) => z.strictObject({ ...filters.shape, ...pageQuery.shape });

/** The core's four resources, with the schemas their services parse (the routes check them first). */
export const facilitiesResource = {
  path: "/facilities",
  noun: "facility",
  access: "Administrators create and change facilities; staff read the facilities they belong to.",
  entity: facilitySchema,
  create: facilityCreateSchema,
  update: facilityUpdateSchema,
  query: listQuery(facilityListSchema),
} satisfies Resource<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

export const usersResource = {
  path: "/users",
  noun: "user",
  access: "Administrators create and change users; staff read themselves and the people of their facilities. Passwords are never answered.",
  entity: userSchema,
  create: userCreateSchema,
  update: userUpdateSchema,
  query: listQuery(userListSchema),
} satisfies Resource<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

export const patientsResource = {
  path: "/patients",
  noun: "patient",
  access: "Staff of the patient's facility and administrators; another facility's patient answers 404.",
  entity: patientSchema,
  create: patientCreateSchema,
  update: patientUpdateSchema,
  query: listQuery(patientListSchema),
} satisfies Resource<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

export const encountersResource = {
  path: "/encounters",
  noun: "encounter",
  access:
    "Staff of the facility and administrators. A PATCH with status moves it: planned → in_progress → finished | cancelled, " +
    "planned → cancelled (409 illegal_transition otherwise).",
  entity: encounterSchema,
  create: encounterCreateSchema,
  update: encounterUpdateSchema,
  query: listQuery(encounterListSchema),
} satisfies Resource<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;
