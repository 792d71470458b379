import { z } from "zod";

export const stagedChangeKindSchema = z.enum(["add", "upgrade", "disable", "enable", "remove"]);

/** A change waiting for the next apply, as recorded in staged/changes.json. */
export const stagedChangeSchema = z.object({
  id: z.string(),
  kind: stagedChangeKindSchema,
  plug: z.string(),
  package: z.string().nullable(),
  version: z.string().nullable(),
  fromVersion: z.string().nullable(),
  archive: z.object({ name: z.string(), sha256: z.string() }).nullable(),
  stagedBy: z.string(),
  stagedAt: z.string().describe("ISO 8601"),
});

/** What POST /changes stages: an inspected archive (by its token), or switching a plug off, on, or removing it. */
export const stageRequestSchema = z.union([
  z.object({ token: z.string().min(1) }).strict(),
  z.object({ kind: z.enum(["disable", "enable", "remove"]), plug: z.string().min(1) }).strict(),
]);

export type StagedChangeKind = z.infer<typeof stagedChangeKindSchema>;
export type StagedChange = z.infer<typeof stagedChangeSchema>;
export type StageRequest = z.infer<typeof stageRequestSchema>;
