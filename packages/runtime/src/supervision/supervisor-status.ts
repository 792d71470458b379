import { z } from "zod";
import { applyRecordSchema } from "./apply-record.js";

/** What the supervisor runs now, and the apply in progress if there is one. */
export const supervisorStatusSchema = z.object({
  deployment: z.string(),
  release: z.string().nullable(),
  startedAt: z.string(),
  applying: applyRecordSchema.nullable(),
});

export type SupervisorStatus = z.infer<typeof supervisorStatusSchema>;
