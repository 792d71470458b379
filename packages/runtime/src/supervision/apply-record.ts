import { z } from "zod";
import { stagedChangeSchema } from "./staged-change.js";

/** The steps of an apply, in the order they run; the last two only run to roll back. */
export const applyStepNameSchema = z.enum([
  "build",
  "rehearse",
  "backup",
  "stop",
  "migrate",
  "start",
  "health",
  "restore",
  "restart-previous",
]);

export const applyStepSchema = z.object({
  name: applyStepNameSchema,
  status: z.enum(["running", "ok", "failed", "skipped"]),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  detail: z.string().nullable(),
});

/**
 * One apply, as journalled in applies.jsonl. "rolled-back": the new version failed and the previous
 * one is back and serving; "failed": even the rollback failed.
 */
export const applyRecordSchema = z.object({
  id: z.string(),
  by: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  changes: z.array(stagedChangeSchema),
  bundle: z.object({ file: z.string(), sha256: z.string() }).nullable(),
  result: z.enum(["running", "applied", "rolled-back", "failed"]),
  failedStep: applyStepNameSchema.nullable(),
  message: z.string().nullable(),
  steps: z.array(applyStepSchema),
});

/** What POST /applies takes: a bundle tarball's path on the server (the CLI only), or nothing (the staged changes). */
export const applyRequestSchema = z.object({ bundle: z.string().min(1).optional() }).strict();

export type ApplyStepName = z.infer<typeof applyStepNameSchema>;
export type ApplyStep = z.infer<typeof applyStepSchema>;
export type ApplyRecord = z.infer<typeof applyRecordSchema>;
export type ApplyRequest = z.infer<typeof applyRequestSchema>;
