import { plugClient } from "@care/plug-sdk/ui";
import type notify from "../index.js";

/** notify's routes, typed from its definition (a type-only import: no server code reaches the browser). */
export const { usePlugQuery } = plugClient<typeof notify>();
