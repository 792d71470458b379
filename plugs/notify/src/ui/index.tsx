import { defineUi } from "@care/plug-sdk/ui";
import { lazy } from "react";
import { en, fr } from "./translations.js";

/** notify's screens: an admin page of the visit messages sent and failed (the route answers administrators only). */
export default defineUi({
  translations: { en, fr },
  adminPages: [{ id: "messages", path: "messages", label: "page", roles: ["admin"], component: lazy(() => import("./messages-page.js")) }],
});
