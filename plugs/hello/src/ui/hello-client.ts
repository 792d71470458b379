import { plugClient } from "@care/plug-sdk/ui";
import type hello from "../index.js";

/** hello's routes, typed from its definition (a type-only import: no server code reaches the browser). */
export const { usePlugQuery } = plugClient<typeof hello>();
