import { z } from "zod";

export const labConfig = z.object({
  /**
   * Refuse to finish an encounter while one of its lab orders is pending (the caller gets 409 and
   * the encounter stays open). Turn off where results routinely arrive after the patient left:
   * the orders then stay pending and can be resulted later.
   */
  blockFinishWhilePending: z.boolean().default(true),
});
export type LabConfig = z.output<typeof labConfig>;
