import { sql, type Selectable } from "kysely";
import { canSeeFacility, describeActor, visibleFacilityIds, type Actor } from "../actor.js";
import type { FacilitiesTable } from "../db/tables.js";
import type { UnitOfWork } from "../db/unit-of-work.js";
import { notFound, parseInput } from "../errors.js";
import { knownId, newId } from "../ids.js";
import { decodeCursor, pageQuery, toPage, type Page } from "../pagination.js";
import { requireAdmin } from "../permissions.js";
import { containing } from "../text.js";
import {
  facilityCreateSchema,
  facilityListSchema,
  facilityUpdateSchema,
  type Facility,
  type FacilityCreate,
  type FacilityFilter,
  type FacilityUpdate,
} from "./schema.js";
import { coreOrigin } from "../signals/core-origin.js";

const toFacility = (row: Selectable<FacilitiesTable>): Facility => ({
  id: row.id,
  name: row.name,
  kind: row.kind as Facility["kind"],
  address: row.address,
  phone: row.phone,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export class FacilityService {
  constructor(private readonly uow: UnitOfWork) {}

  async create(actor: Actor, input: FacilityCreate): Promise<Facility> {
    requireAdmin(actor, "create facilities");
    const data = parseInput(facilityCreateSchema, input, "facility");
    return this.uow.write(
      actor,
      async ({ tx, emit }) => {
        const row = await tx
          .insertInto("core.facilities")
          .values({ id: newId(), name: data.name, kind: data.kind, address: data.address ?? null, phone: data.phone ?? null })
          .returningAll()
          .executeTakeFirstOrThrow();
        const facility = toFacility(row);
        await emit("facility.created", { facility, actor: describeActor(actor) });
        return facility;
      },
      coreOrigin,
    );
  }

  async update(actor: Actor, id: string, input: FacilityUpdate): Promise<Facility> {
    knownId("facility", id);
    requireAdmin(actor, "change facilities");
    const data = parseInput(facilityUpdateSchema, input, "facility");
    return this.uow.write(
      actor,
      async ({ tx, emit }) => {
        const row = await tx
          .updateTable("core.facilities")
          .set({ ...data, updated_at: sql<Date>`now()` })
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw notFound("facility", id);
        const facility = toFacility(row);
        await emit("facility.updated", { facility, actor: describeActor(actor) });
        return facility;
      },
      coreOrigin,
    );
  }

  /** Staff see the facilities they belong to; administrators see all. */
  async get(actor: Actor, id: string): Promise<Facility> {
    knownId("facility", id);
    const row = canSeeFacility(actor, id)
      ? await this.uow.reader.selectFrom("core.facilities").selectAll().where("id", "=", id).executeTakeFirst()
      : undefined;
    if (!row) throw notFound("facility", id);
    return toFacility(row);
  }

  async list(actor: Actor, query: FacilityFilter & { limit?: number | string; cursor?: string } = {}): Promise<Page<Facility>> {
    const filter = parseInput(facilityListSchema.extend(pageQuery.shape), query, "facility list query");
    const visible = visibleFacilityIds(actor);
    if (visible?.length === 0) return { items: [], nextCursor: null };
    let select = this.uow.reader
      .selectFrom("core.facilities")
      .selectAll()
      .orderBy("id")
      .limit(filter.limit + 1);
    if (visible) select = select.where("id", "in", [...visible]);
    if (filter.q) select = select.where("name", "ilike", containing(filter.q));
    if (filter.cursor) select = select.where("id", ">", decodeCursor(filter.cursor));
    return toPage(await select.execute(), filter.limit, toFacility);
  }
}
