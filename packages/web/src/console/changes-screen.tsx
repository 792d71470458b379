import { Button, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/api-error.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { PageLoader } from "../layout/page-loader.js";
import { ScreenTitle } from "../layout/screen-title.js";
import { ApplyJournal } from "./apply-journal.js";
import { ApplyProgress } from "./apply-progress.js";
import { ArchiveReview } from "./archive-review.js";
import { consoleApi } from "./console-api.js";
import { consoleKeys, useSupervisor } from "./console-queries.js";
import { ConsoleSection } from "./console-section.js";
import { NotSupervised } from "./not-supervised.js";
import { StagedChanges } from "./staged-changes.js";
import type { SupervisorAnswer, SupervisorStatus } from "./types.js";
import { useDateTime } from "./use-date-time.js";
import { useFollowedApply } from "./use-followed-apply.js";

/** The supervisor runs but did not answer: its problem, shown as any refusal is. */
const problemOf = (problem: SupervisorAnswer["problem"]) =>
  new ApiError(502, problem?.code ?? "supervisor_unreachable", [problem?.message, problem?.hint].filter(Boolean).join(": "));

/** Installing and upgrading plugs from a file, and applying the staged changes under `care serve`. */
export function ChangesScreen() {
  const { t } = useTranslation();
  const supervisor = useSupervisor();
  return (
    <Stack>
      <ScreenTitle>{t("console.changes.title")}</ScreenTitle>
      {/* Data kept from before wins over a failed refresh: the deployment may be restarting. */}
      {!supervisor.data && <ApiErrorAlert error={supervisor.error} />}
      {supervisor.isPending && <PageLoader />}
      {supervisor.data && !supervisor.data.supervised && <NotSupervised />}
      {supervisor.data?.supervised && !supervisor.data.status && <ApiErrorAlert error={problemOf(supervisor.data.problem)} />}
      {supervisor.data?.supervised && supervisor.data.status && <SupervisedChanges status={supervisor.data.status} />}
    </Stack>
  );
}

function SupervisedChanges({ status }: { status: SupervisorStatus }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const queryClient = useQueryClient();
  // The apply this page follows: the one it started, or the one already running when it opened.
  const [followed, setFollowed] = useState<string | null>(status.applying?.id ?? null);
  const changes = useQuery({ queryKey: consoleKeys.changes, queryFn: consoleApi.stagedChanges });
  const apply = useMutation({
    mutationFn: consoleApi.apply,
    onSuccess: async (record) => {
      queryClient.setQueryData(consoleKeys.apply(record.id), record);
      setFollowed(record.id);
      await queryClient.invalidateQueries({ queryKey: consoleKeys.changes });
    },
  });
  const followedApply = useFollowedApply(followed);
  const followedEnded = followedApply.data !== undefined && followedApply.data.result !== "running";
  const applying = apply.isPending || (followed !== null && !followedEnded);
  const staged = changes.data?.items ?? [];
  return (
    <>
      <Text>
        {t("console.changes.supervised", {
          deployment: status.deployment,
          release: status.release ?? "—",
          since: dateTime(status.startedAt),
        })}
      </Text>
      <ConsoleSection title={t("console.changes.addTitle")}>
        <Text>{t("console.changes.addIntro")}</Text>
        <ArchiveReview locked={applying} stagedIds={staged.map((change) => change.id)} />
      </ConsoleSection>
      <ConsoleSection title={t("console.changes.stagedTitle")}>
        {!changes.data && <ApiErrorAlert error={changes.error} />}
        {changes.isPending && <PageLoader />}
        {changes.data && <StagedChanges changes={staged} locked={applying} />}
        <Text size="sm">{t("console.changes.applyIntro")}</Text>
        <ApiErrorAlert error={apply.error} />
        <Button w="fit-content" disabled={staged.length === 0 || applying} loading={apply.isPending} onClick={() => apply.mutate()}>
          {t("console.changes.apply")}
        </Button>
      </ConsoleSection>
      {followed && (
        <ConsoleSection title={t("console.apply.currentTitle")}>
          <ApplyProgress apply={followedApply} />
        </ConsoleSection>
      )}
      <ConsoleSection title={t("console.apply.journalTitle")}>
        <ApplyJournal skip={followed} />
      </ConsoleSection>
    </>
  );
}
