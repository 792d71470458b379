import semver from "semver";
import { z } from "zod";
import { coreReadsProblems, type CoreReads } from "./core-reads.js";

/** A plug's id names its database schema and URL prefix, hence the narrow alphabet. */
export const plugIdPattern = /^[a-z][a-z0-9_]{0,31}$/;

export const plugIdSchema = z.string().regex(plugIdPattern, "a plug id is 1-32 lowercase letters, digits or '_', starting with a letter");

const rangeSchema = z.string().refine((value) => semver.validRange(value) !== null, "is not a semver range, e.g. ^1.2.0");

/**
 * The `care.plug` block of a plug's package.json: what marks a package as a plug. Everything
 * displayed about it (description, license, author...) comes from the standard npm fields.
 */
export const plugBlockSchema = z.strictObject({
  id: plugIdSchema,
  /** The core versions the plug works with. */
  core: rangeSchema,
  /**
   * The plug contract versions it was built for (`contractVersion` of @care/plug-api, e.g. "^1.0.0").
   * Optional here so that an old plug's block still reads; the runtime's checks refuse it when
   * missing (plug_contract_missing) or not satisfied (plug_contract_incompatible).
   */
  contract: rangeSchema.optional(),
  /** Other plugs it needs, by id, with the versions it accepts. */
  dependencies: z.record(plugIdSchema, rangeSchema).default({}),
  /**
   * The core columns its role may read, by table, e.g. `{ "patients": ["id", "name"] }`: none unless
   * listed, and never credentials (core-reads.ts). Listing a table's `id` also lets the plug's
   * tables reference its rows.
   */
  coreReads: z
    .record(z.string(), z.unknown())
    .default({})
    .superRefine((reads, context) => {
      for (const message of coreReadsProblems(reads)) context.addIssue({ code: "custom", message });
    })
    .transform((reads) => reads as CoreReads),
  /**
   * The definePlug hooks it has (`install`, `start`, `stop`): shown before it is added, and a hook
   * not listed here is refused at check and start, so nothing runs that was not declared.
   */
  hooks: z.array(z.enum(["install", "start", "stop"], { error: 'a hook is "install", "start" or "stop"' })).default([]),
  /**
   * The outside hosts it calls: a host name (`sms.example.org`), or `config:<KEY>` for one taken from
   * its config. Shown before it is added and in an upgrade's difference.
   */
  hosts: z
    .array(z.string().regex(/^(config:[A-Za-z_][\w]*|[a-z0-9.-]+(:\d+)?)$/, "a host is a host name (sms.example.org) or config:<KEY>"))
    .default([]),
  /**
   * Its web interface: a subpath its package.json `exports` defines ("./ui"), whose module
   * default-exports `defineUi({...})` of @care/plug-sdk/ui. `care sync` lists it in the deployment's
   * src/ui.generated.ts; `care check` refuses one that is not exported or not built (plug_ui_missing).
   */
  ui: z
    .string()
    .regex(/^\.\/[\w-][\w.-]*(\/[\w-][\w.-]*)*$/, 'ui is a subpath of the package\'s "exports", e.g. "./ui"')
    .optional(),
});
export type PlugBlock = z.output<typeof plugBlockSchema>;

/** Reads the `care.plug` block from a parsed package.json, naming the package in every problem. */
export function readPlugBlock(packageJson: { name?: string; care?: { plug?: unknown } }): PlugBlock {
  const where = packageJson.name ?? "package.json";
  if (packageJson.care?.plug === undefined) {
    throw Object.assign(new Error(`${where} is not a plug: its package.json has no "care": { "plug": { ... } } block`), {
      code: "plug_block_invalid",
    });
  }
  const result = plugBlockSchema.safeParse(packageJson.care.plug);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `care.plug.${issue.path.join(".")}: ${issue.message}`);
    throw Object.assign(new Error(`${where} has an invalid care.plug block:\n  ${problems.join("\n  ")}`), { code: "plug_block_invalid" });
  }
  return result.data;
}
