import { z } from "zod";
import { encounterCreateSchema, encounterListSchema, encounterSchema, encounterUpdateSchema } from "../encounters/schema.js";
import { facilityCreateSchema, facilityListSchema, facilitySchema, facilityUpdateSchema } from "../facilities/schema.js";
import { pageQuery } from "../pagination.js";
import { patientCreateSchema, patientListSchema, patientSchema, patientUpdateSchema } from "../patients/schema.js";
import { userCreateSchema, userListSchema, userSchema, userUpdateSchema } from "../users/schema.js";
import type { Resource } from "./resource-route-options.js";

/**
 * One core resource: its path, the noun the reference names it by, who may use it, and its schemas. The
 * list's filters plus paging are strict: `?facilityID=` is refused rather than ignored (which would list everything).
 */
function coreResource<Entity extends z.ZodType, Create extends z.ZodType, Update extends z.ZodType, Filters extends z.ZodRawShape>(
  path: string,
  noun: string,
  access: string,
  schemas: { entity: Entity; create: Create; update: Update; filters: z.ZodObject<Filters> },
) {
  const { entity, create, update, filters } = schemas;
  const query = z.strictObject({ ...filters.shape, ...pageQuery.shape });
  return { path, noun, access, entity, create, update, query } satisfies Resource<Entity, Create, Update, typeof query>;
}

/** The core's four resources, with the schemas their services parse (the routes check them first). */
export const facilitiesResource = coreResource(
  "/facilities",
  "facility",
  "Administrators create and change facilities; staff read the facilities they belong to.",
  { entity: facilitySchema, create: facilityCreateSchema, update: facilityUpdateSchema, filters: facilityListSchema },
);

export const usersResource = coreResource(
  "/users",
  "user",
  "Administrators create and change users; staff read themselves and the people of their facilities. Passwords are never answered.",
  { entity: userSchema, create: userCreateSchema, update: userUpdateSchema, filters: userListSchema },
);

export const patientsResource = coreResource(
  "/patients",
  "patient",
  "Staff of the patient's facility and administrators; another facility's patient answers 404.",
  { entity: patientSchema, create: patientCreateSchema, update: patientUpdateSchema, filters: patientListSchema },
);

export const encountersResource = coreResource(
  "/encounters",
  "encounter",
  "Staff of the facility and administrators. A PATCH with status moves it: planned → in_progress → finished | cancelled, " +
    "planned → cancelled (409 illegal_transition otherwise).",
  { entity: encounterSchema, create: encounterCreateSchema, update: encounterUpdateSchema, filters: encounterListSchema },
);
