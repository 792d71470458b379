import { z } from "zod";
import { timestamp } from "../text.js";

/** What a login answers: the bearer token to send as `Authorization: Bearer <token>`, and when it expires. */
export const loginAnswerSchema = z.object({
  token: z.string(),
  expiresAt: timestamp,
  userId: z.uuid(),
});
export type LoginAnswer = z.infer<typeof loginAnswerSchema>;
