import "@mantine/core/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { CareApp } from "./app/care-app.js";
import { createQueryClient } from "./app/query-client.js";
import { routes } from "./app/routes.js";
import { createI18n } from "./i18n/create-i18n.js";
import type { PlugUiEntry } from "./slots/slot-contributions.js";

/** Mounts Care's web app into `element`, with the deployment's plug screens. */
export function startCareApp(element: HTMLElement, plugUis: readonly PlugUiEntry[]): void {
  const router = createBrowserRouter(routes);
  createRoot(element).render(
    <StrictMode>
      <CareApp plugUis={plugUis} queryClient={createQueryClient()} i18n={createI18n(plugUis)}>
        <RouterProvider router={router} />
      </CareApp>
    </StrictMode>,
  );
}
