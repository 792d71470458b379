import type { CoreServices, Encounter, EncounterKind } from "@care/plug-sdk";
import { z } from "zod";

const encounterKinds = ["outpatient", "inpatient", "emergency"] as const satisfies readonly EncounterKind[];
/** The statuses an encounter may take lab orders in. */
export const openStatuses = ["planned", "in_progress"] as const satisfies readonly Encounter["status"][];

/** A core encounter as the order form shows it: what to choose it by, nothing more. */
export const openEncounterSchema = z.object({
  id: z.uuid(),
  kind: z.enum(encounterKinds),
  status: z.enum(openStatuses),
  startedAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type OpenEncounter = z.output<typeof openEncounterSchema>;

const isOpen = (encounter: Encounter): encounter is Encounter & { status: OpenEncounter["status"] } =>
  (openStatuses as readonly string[]).includes(encounter.status);

/** More open encounters than this for one patient is a data problem, not a choice for an order form. */
const mostOpenEncounters = 1000;

/**
 * The patient's planned and in-progress encounters, newest first (ids are UUIDv7, in creation order).
 * `core` acts as the caller: only encounters at facilities the caller may see are listed.
 */
export async function openEncountersOf(core: CoreServices, patientId: string): Promise<OpenEncounter[]> {
  const open: OpenEncounter[] = [];
  for (const status of openStatuses) {
    let cursor: string | undefined;
    do {
      const page = await core.encounters.list({ patientId, status, limit: 200, ...(cursor ? { cursor } : {}) });
      for (const encounter of page.items.filter(isOpen)) {
        const { id, kind, startedAt, createdAt } = encounter;
        open.push({ id, kind, status: encounter.status, startedAt, createdAt });
      }
      // The cursor must move on (ids ascend), and a patient with more open encounters than a form can offer is cut.
      const next = page.nextCursor ?? undefined;
      cursor = next !== undefined && next !== cursor && open.length < mostOpenEncounters ? next : undefined;
    } while (cursor);
  }
  return open.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
