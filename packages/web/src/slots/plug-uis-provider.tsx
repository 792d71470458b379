import { plugNamespace } from "@care/plug-api/ui";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/auth-context.js";
import type { LoadedPlugUis, PlugUiLoader } from "./load-plug-uis.js";
import { PlugUiFailuresContext } from "./plug-ui-failures.js";
import { PlugUisContext, PlugUisReadyContext } from "./plug-uis-context.js";

const none: LoadedPlugUis = { plugUis: [], failures: [] };

/**
 * Loads the deployment's plug screens once someone has signed in, not before: the sign-in screen needs none of them,
 * so neither their code nor the check of their declarations (zod) is in what every user waits for. Slots fill when
 * they arrive; a plug page asked for meanwhile waits (PlugUisReadyContext) rather than saying it does not exist.
 */
export function PlugUisProvider({ loaders, children }: { loaders: readonly PlugUiLoader[]; children: ReactNode }) {
  const { i18n } = useTranslation();
  const signedIn = useAuth().user !== null;
  const [loaded, setLoaded] = useState<LoadedPlugUis | null>(loaders.length ? null : none);
  useEffect(() => {
    if (!loaders.length || !signedIn) return;
    let current = true;
    void import("./load-plug-uis.js")
      .then(({ loadPlugUis }) => loadPlugUis(loaders))
      .then((result) => {
        // The texts first, so a plug's tab never renders its keys.
        for (const { plugId, ui } of result.plugUis) {
          for (const [locale, resources] of Object.entries(ui.translations ?? {})) {
            i18n.addResourceBundle(locale, plugNamespace(plugId), resources, true, true);
          }
        }
        if (current) setLoaded((before) => before ?? result);
      })
      .catch((error: unknown) => {
        // The loader's own chunk could not be fetched (a release replaced while this page was open), or a plug's texts
        // could not be added: every plug is left out and named, rather than its pages waiting for ever.
        console.error("the plugs' screens could not be loaded", error);
        const failures = loaders.map(({ plugId }) => ({ plugId, reason: "load" as const }));
        if (current) setLoaded((before) => before ?? { plugUis: [], failures });
      });
    return () => {
      current = false;
    };
  }, [loaders, i18n, signedIn]);
  const { plugUis, failures } = loaded ?? none;
  return (
    <PlugUisReadyContext.Provider value={loaded !== null}>
      <PlugUiFailuresContext.Provider value={failures}>
        <PlugUisContext.Provider value={plugUis}>{children}</PlugUisContext.Provider>
      </PlugUiFailuresContext.Provider>
    </PlugUisReadyContext.Provider>
  );
}
