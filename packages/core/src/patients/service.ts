import { sql, type Expression, type Selectable, type Transaction } from "kysely";
import { canSeeFacility, describeActor, visibleFacilityIds, type Actor } from "../actor.js";
import type { CoreDatabase, PatientsTable } from "../db/tables.js";
import type { UnitOfWork } from "../db/unit-of-work.js";
import { conflict, forbidden, notFound, parseInput } from "../errors.js";
import { knownId, newId } from "../ids.js";
import { decodeCursor, pageQuery, toPage, type Page } from "../pagination.js";
import { containing } from "../text.js";
import { assertFacilitiesExist } from "../users/service.js";
import {
  patientCreateSchema,
  patientListSchema,
  patientUpdateSchema,
  type Patient,
  type PatientCreate,
  type PatientFilter,
  type PatientIdentifier,
  type PatientUpdate,
} from "./schema.js";
import { coreOrigin } from "../signals/core-origin.js";

type PatientRow = Selectable<PatientsTable> & { identifiers: PatientIdentifier[] };

const toPatient = (row: PatientRow): Patient => ({
  id: row.id,
  facilityId: row.facility_id,
  name: row.name,
  birthDate: row.birth_date,
  sex: row.sex as Patient["sex"],
  phone: row.phone,
  address: row.address,
  identifiers: row.identifiers,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const identifiersOf = (patientId: Expression<string>) =>
  sql<PatientIdentifier[]>`coalesce((select json_agg(json_build_object('system', system, 'value', value) order by system)
    from core.patient_identifiers where patient_id = ${patientId}), '[]'::json)`;

export class PatientService {
  constructor(private readonly uow: UnitOfWork) {}

  async create(actor: Actor, input: PatientCreate): Promise<Patient> {
    const data = parseInput(patientCreateSchema, input, "patient");
    if (!canSeeFacility(actor, data.facilityId)) throw forbidden(`you do not belong to facility ${data.facilityId}`);
    return this.uow.write(
      actor,
      async ({ tx, emit }) => {
        await assertFacilitiesExist(tx, data.facilityId, "facilityId");
        const id = newId();
        await tx
          .insertInto("core.patients")
          .values({
            id,
            facility_id: data.facilityId,
            name: data.name,
            birth_date: data.birthDate,
            sex: data.sex,
            phone: data.phone ?? null,
            address: data.address ?? null,
          })
          .execute();
        await setIdentifiers(tx, id, data.identifiers);
        const patient = toPatient(await this.patients().where("p.id", "=", id).executeTakeFirstOrThrow());
        await emit("patient.created", { patient, actor: describeActor(actor) });
        return patient;
      },
      coreOrigin,
    );
  }

  async update(actor: Actor, id: string, input: PatientUpdate): Promise<Patient> {
    knownId("patient", id);
    const data = parseInput(patientUpdateSchema, input, "patient");
    return this.uow.write(
      actor,
      async ({ tx, emit }) => {
        const current = await tx.selectFrom("core.patients").select("facility_id").where("id", "=", id).forUpdate().executeTakeFirst();
        if (!current || !canSeeFacility(actor, current.facility_id)) throw notFound("patient", id);
        await tx
          .updateTable("core.patients")
          .set({
            ...(data.name !== undefined && { name: data.name }),
            ...(data.birthDate !== undefined && { birth_date: data.birthDate }),
            ...(data.sex !== undefined && { sex: data.sex }),
            ...(data.phone !== undefined && { phone: data.phone }),
            ...(data.address !== undefined && { address: data.address }),
            updated_at: sql<Date>`now()`,
          })
          .where("id", "=", id)
          .execute();
        if (data.identifiers) await setIdentifiers(tx, id, data.identifiers);
        const patient = toPatient(await this.patients().where("p.id", "=", id).executeTakeFirstOrThrow());
        await emit("patient.updated", { patient, actor: describeActor(actor) });
        return patient;
      },
      coreOrigin,
    );
  }

  async get(actor: Actor, id: string): Promise<Patient> {
    knownId("patient", id);
    const row = await this.visiblePatients(actor)?.where("p.id", "=", id).executeTakeFirst();
    if (!row) throw notFound("patient", id);
    return toPatient(row);
  }

  async list(actor: Actor, query: PatientFilter & { limit?: number | string; cursor?: string } = {}): Promise<Page<Patient>> {
    const filter = parseInput(patientListSchema.extend(pageQuery.shape), query, "patient list query");
    let select = this.visiblePatients(actor);
    if (!select) return { items: [], nextCursor: null };
    select = select.orderBy("p.id").limit(filter.limit + 1);
    if (filter.facilityId) select = select.where("p.facility_id", "=", filter.facilityId);
    if (filter.q) select = select.where("p.name", "ilike", containing(filter.q));
    if (filter.cursor) select = select.where("p.id", ">", decodeCursor(filter.cursor));
    return toPage(await select.execute(), filter.limit, toPatient);
  }

  /** Inside a write, `reader` is its transaction, so this sees what the write just did. */
  private patients() {
    return this.uow.reader
      .selectFrom("core.patients as p")
      .selectAll("p")
      .select((eb) => identifiersOf(eb.ref("p.id")).as("identifiers"));
  }

  /** The actor's patients, or `undefined` when the actor belongs to no facility at all. */
  private visiblePatients(actor: Actor) {
    const select = this.patients();
    const visible = visibleFacilityIds(actor);
    if (!visible) return select;
    return visible.length ? select.where("p.facility_id", "in", [...visible]) : undefined;
  }
}

/**
 * A patient has one identifier per system, and an identifier belongs to one patient: either
 * duplicate is a conflict, named at the entry that causes it. (The unique constraints still
 * stand behind this check for writes that race.)
 */
async function setIdentifiers(tx: Transaction<CoreDatabase>, patientId: string, identifiers: PatientIdentifier[]): Promise<void> {
  const repeated = identifiers.flatMap((identifier, index) =>
    identifiers.findIndex((other) => other.system === identifier.system) < index
      ? [{ path: `identifiers.${index}.system`, message: `a patient has one identifier per system; ${identifier.system} is listed twice` }]
      : [],
  );
  if (repeated.length > 0) throw conflict("a patient has one identifier per system", repeated);
  if (identifiers.length > 0) {
    const taken = await tx
      .selectFrom("core.patient_identifiers")
      .select(["system", "value"])
      .where("patient_id", "!=", patientId)
      .where((eb) => eb.or(identifiers.map(({ system, value }) => eb.and([eb("system", "=", system), eb("value", "=", value)]))))
      .execute();
    const clashes = identifiers.flatMap((identifier, index) =>
      taken.some((row) => row.system === identifier.system && row.value === identifier.value)
        ? [{ path: `identifiers.${index}.value`, message: `${identifier.system} ${identifier.value} already belongs to another patient` }]
        : [],
    );
    if (clashes.length > 0) throw conflict("this identifier already belongs to another patient", clashes);
  }
  await tx.deleteFrom("core.patient_identifiers").where("patient_id", "=", patientId).execute();
  if (identifiers.length === 0) return;
  await tx
    .insertInto("core.patient_identifiers")
    .values(identifiers.map(({ system, value }) => ({ patient_id: patientId, system, value })))
    .execute();
}
