import { newId, type Insertable, type Kysely } from "@care/plug-sdk";
import { visitMessage, type VisitEvent } from "../message.js";
import { notify } from "../plug.js";
import { sendToProvider, type ProviderOutcome } from "../provider.js";
import type { MessagesRow, PlugTables } from "../tables.generated.js";

/**
 * Durable: the core records the delivery in the same transaction as the encounter write and
 * delivers it at least once; a thrown error is retried with backoff. Exactly once towards the
 * provider comes from two things: a settled event id in our table makes a redelivery a no-op, and
 * the event id travels as the Idempotency-Key, so the provider drops a replay that slipped between
 * its 2xx and our record (a crash, a lost answer).
 */
function sendVisitMessage<Event extends VisitEvent>(event: Event) {
  return notify.on(event, {
    mode: "durable",
    // One at a time, in outbox order: a visit's "ended" message must never overtake its "started" one.
    concurrency: 1,
    async handle({ encounter }, context) {
      const settled = await context.db.selectFrom("messages").select("status").where("event_id", "=", context.eventId).executeTakeFirst();
      if (settled) {
        context.logger.debug({ eventId: context.eventId, status: settled.status }, "visit message already settled; nothing to do");
        return;
      }
      // Read now, not from the payload: the phone may have been corrected since the visit was opened.
      // No caller asked for this message: the plug reads the patient and facility as itself.
      const core = context.asPlug().core;
      const patient = await core.patients.get(encounter.patientId);
      const facility = await core.facilities.get(encounter.facilityId);
      const message = visitMessage(event, encounter, facility.name, context.config.MESSAGE_MAX_LENGTH);
      const row = {
        event_id: context.eventId,
        signal: event,
        encounter_id: encounter.id,
        patient_id: patient.id,
        facility_id: encounter.facilityId,
        message,
        attempts: context.attempt,
      };
      const log = { eventId: context.eventId, signal: event, encounterId: encounter.id, attempt: context.attempt };

      if (!context.config.ENABLED) {
        await record(context.db, { ...row, recipient: null, status: "skipped", error: "notifications are disabled (ENABLED is false)" });
        context.logger.info(log, "visit message skipped: notifications are disabled");
        return;
      }
      const to = patient.phone?.trim();
      if (!to) {
        await record(context.db, { ...row, recipient: null, status: "skipped" });
        context.logger.info(log, "visit message skipped: the patient has no phone number");
        return;
      }
      // The config's schema requires both while ENABLED; said again here for the types.
      const { SERVICE_URL, SERVICE_API_KEY } = context.config;
      if (!SERVICE_URL || !SERVICE_API_KEY) throw new Error("notify is enabled without SERVICE_URL and SERVICE_API_KEY");
      const provider = { ...context.config, SERVICE_URL, SERVICE_API_KEY };
      const outcome: ProviderOutcome = await sendToProvider(provider, { idempotencyKey: context.eventId, to, message });
      if (outcome.kind === "rejected") {
        await record(context.db, { ...row, recipient: to, status: "rejected", provider_status: outcome.status, error: outcome.reason });
        context.logger.warn(
          { ...log, providerStatus: outcome.status, reason: outcome.reason },
          `the SMS provider rejected a visit message (${outcome.status}); it will not be retried`,
        );
        return;
      }
      await record(context.db, {
        ...row,
        recipient: to,
        status: "sent",
        provider_status: outcome.status,
        provider_message_id: outcome.messageId,
        sent_at: new Date(),
      });
      context.logger.info({ ...log, providerMessageId: outcome.messageId }, "visit message sent");
    },
  });
}

/** A second delivery that raced this one (two instances, an expired lease) finds the row and keeps it. */
async function record(db: Kysely<PlugTables>, values: Omit<Insertable<MessagesRow>, "id">): Promise<void> {
  await db
    .insertInto("messages")
    .values({ id: newId(), ...values })
    .onConflict((conflict) => conflict.column("event_id").doNothing())
    .execute();
}

export const onEncounterCreated = sendVisitMessage("encounter.created");
export const onEncounterClosed = sendVisitMessage("encounter.closed");
