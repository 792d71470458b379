import type { PlugNames } from "../../names.js";

/** src/plug.ts: the plug's typed makers, so every route and handler sees its config and tables. */
export const plugTypesFile = (plug: PlugNames): string => `import { plugTypes } from "@care/plug-sdk";
import type { ${plug.camel}Config } from "./config.js";
import type { PlugTables } from "./tables.generated.js";

/**
 * The ${plug.id} plug's typed makers: \`${plug.camel}.route.get(...)\`, \`${plug.camel}.on(...)\` and \`${plug.camel}.define(...)\`
 * type \`context.config\` from src/config.ts and \`context.db\` from src/tables.generated.ts (which
 * \`care plug types\` writes from migrations/install.sql). Add \`emits\` when the plug emits signals.
 */
export const ${plug.camel} = plugTypes<{ config: typeof ${plug.camel}Config; tables: PlugTables }>();
`;
