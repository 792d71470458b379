import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCore, openDatabase, systemActor } from "@care/core";

export const providerOutage = "SMS provider answered 503 Service Unavailable";

/**
 * A data folder where notify's visit messages failed for good overnight (the SMS provider was down): the
 * core's own services open a visit for each phone number while notify's delivery handler throws, with one try
 * allowed. The demo then starts on this folder and finds the failed deliveries an administrator must handle.
 * Written before the demo starts: an embedded database has one owner process at a time.
 */
export async function dataDirWithFailedVisitMessages(phones: readonly string[]): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), "care-demo-console-"));
  const database = await openDatabase({ dataDir });
  try {
    const core = createCore({ database, dispatcher: { maxAttempts: 1 } });
    await core.migrate();
    core.signals.subscribe("encounter.created", "notify", "durable", () => {
      throw new Error(providerOutage);
    });
    const night = systemActor("browser-test");
    const facility = await core.facilities.create(night, { name: "Night Clinic", kind: "clinic" });
    for (const [index, phone] of phones.entries()) {
      const patient = await core.patients.create(night, {
        facilityId: facility.id,
        name: `Night Patient ${index + 1}`,
        birthDate: "1975-06-01",
        sex: "female",
        phone,
      });
      await core.encounters.create(night, { patientId: patient.id, kind: "emergency", status: "in_progress" });
    }
    await core.dispatcher.deliverDue();
  } finally {
    await database.close();
  }
  return dataDir;
}
