import { z } from "zod";

/** The body of every refusal of the control API: the same shape the core's API answers with, plus a hint. */
export const supervisorProblemSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export type SupervisorProblem = z.infer<typeof supervisorProblemSchema>["error"];
