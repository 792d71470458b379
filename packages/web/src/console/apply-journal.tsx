import { Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { PageLoader } from "../layout/page-loader.js";
import { ApplyRecordView } from "./apply-record-view.js";
import { consoleApi } from "./console-api.js";
import { consoleKeys } from "./console-queries.js";

/** Every apply of this deployment, newest first, as the supervisor journalled it. */
export function ApplyJournal({ skip }: { skip: string | null }) {
  const { t } = useTranslation();
  const applies = useQuery({ queryKey: consoleKeys.applies, queryFn: consoleApi.applies });
  // The apply being followed above is not repeated here.
  const records = applies.data?.items.filter((record) => record.id !== skip) ?? [];
  return (
    <>
      {!applies.data && <ApiErrorAlert error={applies.error} />}
      {applies.isPending && <PageLoader />}
      {applies.data?.items.length === 0 && <Text>{t("console.apply.noneYet")}</Text>}
      <Stack>
        {records.map((record) => (
          <ApplyRecordView key={record.id} record={record} />
        ))}
      </Stack>
    </>
  );
}
