import { z } from "zod";

/** What an uploaded plug archive is, as the supervisor found it without running any of its code. */
export const archiveInspectionSchema = z.object({
  token: z.string().describe("opaque: names the upload in staged/incoming; pass it to POST /changes to stage it"),
  file: z.object({ name: z.string(), sha256: z.string(), bytes: z.number().int().min(0) }),
  change: z.enum(["add", "upgrade"]),
  plug: z.object({
    id: z.string(),
    package: z.string(),
    version: z.string(),
    description: z.string().nullable(),
    license: z.string().nullable(),
    author: z.string().nullable(),
    homepage: z.string().nullable(),
    repository: z.string().nullable(),
  }),
  signature: z.object({
    status: z.enum(["signed", "unsigned"]),
    signedBy: z.string().nullable(),
    fingerprint: z.string().nullable(),
  }),
  core: z.object({ range: z.string(), compatible: z.boolean() }),
  contract: z.string().nullable(),
  dependencies: z.array(z.object({ id: z.string(), range: z.string() })),
  coreTables: z.array(z.object({ table: z.string(), access: z.array(z.string()) })),
  outsideHosts: z.array(z.string()),
  ui: z.boolean(),
  needsNetwork: z.array(z.string()).describe("dependencies not bundled in the archive that the site's store lacks"),
  upgrade: z
    .object({
      from: z.string(),
      steps: z.array(z.object({ from: z.string(), to: z.string(), file: z.string() })),
      declarationChanges: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    })
    .nullable(),
});

export type ArchiveInspection = z.infer<typeof archiveInspectionSchema>;
