import { sql, type Selectable, type Transaction } from "kysely";
import { canSeeFacility, describeActor, visibleFacilityIds, type Actor } from "../actor.js";
import type { CoreDatabase, EncountersTable } from "../db/tables.js";
import type { UnitOfWork } from "../db/unit-of-work.js";
import { CareError, notFound, parseInput } from "../errors.js";
import { knownId, newId } from "../ids.js";
import { decodeCursor, pageQuery, toPage, type Page } from "../pagination.js";
import {
  encounterCreateSchema,
  encounterListSchema,
  encounterUpdateSchema,
  type Encounter,
  type EncounterCreate,
  type EncounterFilter,
  type EncounterUpdate,
} from "./schema.js";
import { assertTransition, isClosed } from "./status.js";
import { coreOrigin } from "../signals/core-origin.js";

const iso = (value: Date | null) => (value ? value.toISOString() : null);

const toEncounter = (row: Selectable<EncountersTable>): Encounter => ({
  id: row.id,
  patientId: row.patient_id,
  facilityId: row.facility_id,
  kind: row.kind as Encounter["kind"],
  status: row.status as Encounter["status"],
  startedAt: iso(row.started_at),
  endedAt: iso(row.ended_at),
  attendingUserId: row.attending_user_id,
  notes: row.notes,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export class EncounterService {
  constructor(private readonly uow: UnitOfWork) {}

  /** The encounter takes the patient's facility. */
  async create(actor: Actor, input: EncounterCreate): Promise<Encounter> {
    const data = parseInput(encounterCreateSchema, input, "encounter");
    return this.uow.write(
      actor,
      async ({ tx, emit }) => {
        const patient = await tx
          .selectFrom("core.patients")
          .select(["id", "facility_id"])
          .where("id", "=", data.patientId)
          .executeTakeFirst();
        if (!patient || !canSeeFacility(actor, patient.facility_id)) {
          throw new CareError("validation_failed", `patient ${data.patientId} was not found`, [
            { path: "patientId", message: "no patient with this id at your facilities" },
          ]);
        }
        if (data.attendingUserId) await assertCanAttend(tx, data.attendingUserId, patient.facility_id);
        const row = await tx
          .insertInto("core.encounters")
          .values({
            id: newId(),
            patient_id: patient.id,
            facility_id: patient.facility_id,
            kind: data.kind,
            status: data.status,
            started_at: data.status === "in_progress" ? sql<Date>`now()` : null,
            attending_user_id: data.attendingUserId ?? null,
            notes: data.notes ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const encounter = toEncounter(row);
        await emit("encounter.created", { encounter, actor: describeActor(actor) });
        return encounter;
      },
      coreOrigin,
    );
  }

  /** Moves the status along its legal path (see status.ts) and edits the rest. */
  async update(actor: Actor, id: string, input: EncounterUpdate): Promise<Encounter> {
    knownId("encounter", id);
    const data = parseInput(encounterUpdateSchema, input, "encounter");
    return this.uow.write(
      actor,
      async ({ tx, emit }) => {
        const current = await tx.selectFrom("core.encounters").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
        if (!current || !canSeeFacility(actor, current.facility_id)) throw notFound("encounter", id);
        const previousStatus = current.status as Encounter["status"];
        const status = data.status ?? previousStatus;
        if (status !== previousStatus) assertTransition(previousStatus, status);
        if (data.attendingUserId) await assertCanAttend(tx, data.attendingUserId, current.facility_id);

        const row = await tx
          .updateTable("core.encounters")
          .set({
            status,
            ...(status !== previousStatus && status === "in_progress" && { started_at: sql<Date>`now()` }),
            ...(status !== previousStatus && isClosed(status) && { ended_at: sql<Date>`now()` }),
            ...(data.attendingUserId !== undefined && { attending_user_id: data.attendingUserId }),
            ...(data.notes !== undefined && { notes: data.notes }),
            updated_at: sql<Date>`now()`,
          })
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const encounter = toEncounter(row);
        const by = describeActor(actor);
        await emit("encounter.updated", { encounter, previousStatus, actor: by });
        if (status !== previousStatus && isClosed(status)) await emit("encounter.closed", { encounter, actor: by });
        return encounter;
      },
      coreOrigin,
    );
  }

  async get(actor: Actor, id: string): Promise<Encounter> {
    knownId("encounter", id);
    const row = await this.uow.reader.selectFrom("core.encounters").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row || !canSeeFacility(actor, row.facility_id)) throw notFound("encounter", id);
    return toEncounter(row);
  }

  /**
   * Locks the encounter `FOR SHARE` until the current write ends and answers it as locked: a close
   * (or any edit) waits until then, so work that depends on the encounter staying open (a lab
   * order) commits before the close can see it. Locks as the core, so plugs need no UPDATE grant on
   * core tables. Only rows the actor may see are locked. The caller checks the status it answers.
   */
  async holdOpen(actor: Actor, id: string): Promise<Encounter> {
    knownId("encounter", id);
    const tx = this.uow.transaction;
    if (!tx)
      throw new Error(
        "encounters.holdOpen was called outside a write: the lock would end at once. " +
          "This is a bug in the caller; call it inside core.unitOfWork.write or a plug's transaction",
      );
    const visible = visibleFacilityIds(actor);
    if (visible?.length === 0) throw notFound("encounter", id);
    let select = tx.selectFrom("core.encounters").selectAll().where("id", "=", id);
    if (visible) select = select.where("facility_id", "in", [...visible]);
    const row = await select.forShare().executeTakeFirst();
    if (!row) throw notFound("encounter", id);
    return toEncounter(row);
  }

  async list(actor: Actor, query: EncounterFilter & { limit?: number | string; cursor?: string } = {}): Promise<Page<Encounter>> {
    const filter = parseInput(encounterListSchema.extend(pageQuery.shape), query, "encounter list query");
    const visible = visibleFacilityIds(actor);
    if (visible?.length === 0) return { items: [], nextCursor: null };
    let select = this.uow.reader
      .selectFrom("core.encounters")
      .selectAll()
      .orderBy("id")
      .limit(filter.limit + 1);
    if (visible) select = select.where("facility_id", "in", [...visible]);
    if (filter.facilityId) select = select.where("facility_id", "=", filter.facilityId);
    if (filter.patientId) select = select.where("patient_id", "=", filter.patientId);
    if (filter.status) select = select.where("status", "=", filter.status);
    if (filter.cursor) select = select.where("id", ">", decodeCursor(filter.cursor));
    return toPage(await select.execute(), filter.limit, toEncounter);
  }
}

/** The attending clinician must be an active user of the encounter's facility (or an administrator). */
async function assertCanAttend(tx: Transaction<CoreDatabase>, userId: string, facilityId: string): Promise<void> {
  const user = await tx
    .selectFrom("core.users as u")
    .select(["u.active", "u.roles"])
    .select((eb) =>
      eb
        .exists(eb.selectFrom("core.user_facilities").select("user_id").where("user_id", "=", userId).where("facility_id", "=", facilityId))
        .as("belongs"),
    )
    .where("u.id", "=", userId)
    .executeTakeFirst();
  const problem = !user
    ? `no user has id ${userId}`
    : !user.active
      ? "this user is deactivated"
      : !user.belongs && !user.roles.includes("admin")
        ? "this user does not work at the encounter's facility"
        : undefined;
  if (problem)
    throw new CareError("validation_failed", `invalid attendingUserId: ${problem}`, [{ path: "attendingUserId", message: problem }]);
}
