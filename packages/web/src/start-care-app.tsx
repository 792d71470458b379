import "@mantine/core/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { CareApp } from "./app/care-app.js";
import { createQueryClient } from "./app/query-client.js";
import { routes } from "./app/routes.js";
import { createI18n } from "./i18n/create-i18n.js";
import type { PlugUiLoader } from "./slots/load-plug-uis.js";

/** Mounts Care's web app into `element`; the deployment's plug screens load behind it (PlugUisProvider). */
export function startCareApp(element: HTMLElement, plugUis: readonly PlugUiLoader[]): void {
  const router = createBrowserRouter(routes);
  createRoot(element).render(
    <StrictMode>
      <CareApp plugUis={plugUis} queryClient={createQueryClient()} i18n={createI18n()}>
        <RouterProvider router={router} />
      </CareApp>
    </StrictMode>,
  );
}
