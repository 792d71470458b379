import { z } from "zod";
import { timestamp } from "../text.js";
import { deliveryStates } from "./deliveries.js";

/** The answers of the delivery routes, as `DeliveryService` builds them (see `Delivery` there). */
export const deliveryActionSchema = z.object({
  action: z.enum(["retry", "discard", "hold", "release"]),
  actor: z.string().describe("a user's username, or cli:<os user> for the care command line"),
  reason: z.string().nullable(),
  at: timestamp,
});

export const deliverySchema = z.object({
  id: z.string().describe("the outbox row's id, a whole number as text"),
  eventId: z.string(),
  signal: z.string(),
  plug: z.string().describe("the plug it is for (for the core's own durable subscribers, their subscriber name)"),
  state: z.enum(deliveryStates),
  attempts: z.number().int(),
  nextAttemptAt: timestamp,
  lastError: z.string().nullable(),
  createdAt: timestamp,
  deliveredAt: timestamp.nullable(),
  lastAction: deliveryActionSchema.nullable().describe("the last retry or discard an administrator made, if any"),
});

export const deliveryActionResultSchema = z.object({
  items: z.array(deliverySchema).describe("the deliveries acted on, as they are now"),
});
