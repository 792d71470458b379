import { PlugScope, plugQueryKey } from "@care/plug-api/ui";
import { Alert, Button, Loader, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, Suspense } from "react";
import { ErrorBoundary } from "react-error-boundary";
import { useTranslation } from "react-i18next";

/**
 * Where one plug contribution renders: its own loading state while its code arrives, its own error message if it
 * throws (naming the plug, with Try again), and the PlugScope its hooks read the plug id from. Screens key each frame
 * by what it shows (the patient, the encounter), so a failure does not carry over to the next one.
 */
export function ContributionFrame({ plugId, children }: { plugId: string; children: ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <ErrorBoundary
      onError={(error, info) => console.error(`the ${plugId} plug's screen failed`, error, info.componentStack)}
      // The plug's cached answers may be what it choked on: Try again fetches them anew.
      onReset={() => queryClient.removeQueries({ queryKey: plugQueryKey(plugId) })}
      fallbackRender={({ resetErrorBoundary }) => (
        <Alert color="red" role="alert" title={t("slot.failedTitle", { plug: plugId })}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t("slot.failedBody")}</Text>
            <Button size="xs" variant="default" onClick={resetErrorBoundary}>
              {t("slot.tryAgain")}
            </Button>
          </Stack>
        </Alert>
      )}
    >
      <Suspense fallback={<Loader size="sm" role="status" aria-label={t("slot.loading", { plug: plugId })} />}>
        <PlugScope plugId={plugId}>{children}</PlugScope>
      </Suspense>
    </ErrorBoundary>
  );
}
