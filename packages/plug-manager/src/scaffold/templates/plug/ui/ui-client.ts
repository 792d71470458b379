import type { PlugNames } from "../../../names.js";

/** src/ui/client.ts: hooks typed by the plug's own routes. */
export const uiClient = (plug: PlugNames): string => `import { plugClient } from "@care/plug-sdk/ui";
import type ${plug.camel} from "../index.js";

/**
 * ${plug.id}'s routes, typed from its definition: a wrong path, a missing param or a wrong body is a
 * compile error. The import is of the type only, so no server code reaches the browser.
 */
export const { usePlugQuery, usePlugMutation } = plugClient<typeof ${plug.camel}>();
`;
