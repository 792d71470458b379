import type { z } from "zod";

/** A plug's own signals, by short name: the zod schema of each payload. */
export type OwnSignals = Record<string, z.ZodType>;

/** The config of a plug that declares none. */
export type EmptyConfig = z.ZodObject<{}>;

/**
 * What a plug's types hang on: its config schema, its tables (the `PlugTables` interface of
 * `src/tables.generated.ts`) and the schemas of the signals it emits.
 */
export interface PlugShape {
  config: z.ZodType;
  tables: any;
  emits: OwnSignals;
}

/** A shape with what is left out filled in: no config, no tables, no signals. */
export type CompleteShape<Partial extends { config?: z.ZodType; tables?: object; emits?: OwnSignals }> = {
  config: Partial extends { config: infer Config extends z.ZodType } ? Config : EmptyConfig;
  tables: Partial extends { tables: infer Tables extends object } ? Tables : {};
  emits: Partial extends { emits: infer Emits extends OwnSignals } ? Emits : {};
};

/** The parsed config a plug's code receives. */
export type ConfigOf<S extends PlugShape> = z.output<S["config"]>;
