import { z } from "zod";

export const helloConfig = z.object({
  /** Put before the patient's name. */
  greeting: z.string().trim().min(1).max(100).default("Welcome"),
});
export type HelloConfig = z.output<typeof helloConfig>;
