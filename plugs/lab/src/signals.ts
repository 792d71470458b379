import { z } from "zod";
import { flags } from "./vocabulary.js";

/** The plug's own signals; plugs that depend on lab subscribe to `lab.<name>`. */
export const labSignals = {
  /** A result was recorded for an order, in the same transaction. */
  result_recorded: z.object({
    orderId: z.uuid(),
    patientId: z.uuid(),
    encounterId: z.uuid(),
    facilityId: z.uuid(),
    testCode: z.string(),
    testName: z.string(),
    value: z.string(),
    unit: z.string().nullable(),
    flag: z.enum(flags).nullable(),
    recordedBy: z.uuid(),
    recordedAt: z.string(),
  }),
};
export type LabSignals = typeof labSignals;
