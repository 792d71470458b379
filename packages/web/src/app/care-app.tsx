import { CareUiHostProvider } from "@care/plug-api/ui";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import type { i18n } from "i18next";
import { type ReactNode, Suspense, useMemo } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { careFetch } from "../api/api-client.js";
import { AuthProvider, useAuth } from "../auth/auth-context.js";
import { PageLoader } from "../layout/page-loader.js";
import type { PlugUiLoader } from "../slots/load-plug-uis.js";
import { PlugUisProvider } from "../slots/plug-uis-provider.js";
import { cssVariablesResolver, theme } from "./theme.js";

interface CareAppProps {
  plugUis: readonly PlugUiLoader[];
  queryClient: QueryClient;
  i18n: i18n;
  children: ReactNode;
}

/** Everything every screen and every plug screen relies on: theme, data cache, texts, session, plugs, host. */
export function CareApp({ plugUis, queryClient, i18n, children }: CareAppProps) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <I18nextProvider i18n={i18n}>
          <AuthProvider>
            <PlugUisProvider loaders={plugUis}>
              <PlugHost>
                <Suspense fallback={<PageLoader />}>{children}</Suspense>
              </PlugHost>
            </PlugUisProvider>
          </AuthProvider>
        </I18nextProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

/**
 * The host plug screens are given: fetch with the session, the user, the language. Each contribution's
 * PlugScope (slots/contribution-frame.tsx) narrows its fetch to that plug's own routes; this unscoped one
 * is never handed to a plug screen as it is (core screens call careFetch and apiJson directly).
 */
function PlugHost({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const { i18n } = useTranslation();
  const host = useMemo(() => ({ fetch: careFetch, user, locale: i18n.language }), [user, i18n.language]);
  return <CareUiHostProvider value={host}>{children}</CareUiHostProvider>;
}
