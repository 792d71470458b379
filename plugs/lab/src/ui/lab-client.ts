import { plugClient } from "@care/plug-sdk/ui";
import type lab from "../index.js";

/** lab's routes, typed from its definition (a type-only import: no server code reaches the browser). */
export const { usePlugQuery, usePlugMutation } = plugClient<typeof lab>();
