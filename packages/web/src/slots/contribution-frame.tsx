import { PlugScope } from "@care/plug-api/ui";
import { Alert, Loader } from "@mantine/core";
import { type ReactNode, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { ContributionErrorBoundary } from "./contribution-error-boundary.js";

/**
 * Where one plug contribution renders: its own loading state while its code arrives, its own error
 * message if it throws (naming the plug), and the PlugScope its hooks read the plug id from.
 */
export function ContributionFrame({ plugId, children }: { plugId: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <ContributionErrorBoundary
      fallback={() => (
        <Alert color="red" role="alert" title={t("slot.failedTitle", { plug: plugId })}>
          {t("slot.failedBody")}
        </Alert>
      )}
    >
      <Suspense fallback={<Loader size="sm" role="status" aria-label={t("slot.loading", { plug: plugId })} />}>
        <PlugScope plugId={plugId}>{children}</PlugScope>
      </Suspense>
    </ContributionErrorBoundary>
  );
}
