import { Alert, Loader, NativeSelect, Stack, Text } from "@mantine/core";
import { usePlugTranslation } from "@care/plug-sdk/ui";
import { keepPreviousData } from "@tanstack/react-query";
import { useState } from "react";
import { messageStatuses } from "../message-statuses.js";
import { MessagesTable } from "./messages-table.js";
import { usePlugQuery } from "./notify-client.js";

type Status = (typeof messageStatuses)[number];

/** The admin page (/admin/plugs/notify/messages): sent, failed and skipped visit messages of every facility. */
export default function MessagesPage() {
  const { t } = usePlugTranslation();
  const [status, setStatus] = useState<Status | "">("");
  // The table stays while another status loads, rather than flashing a loader.
  const messages = usePlugQuery("GET /admin/messages", { query: status ? { status } : {} }, { placeholderData: keepPreviousData });
  return (
    <Stack gap="sm">
      <Text>{t("intro")}</Text>
      <NativeSelect
        label={t("filter")}
        value={status}
        onChange={(event) => setStatus(event.currentTarget.value as Status | "")}
        data={[{ value: "", label: t("all") }, ...messageStatuses.map((value) => ({ value, label: t(`status.${value}`) }))]}
        maw={240}
      />
      {messages.isPending && <Loader size="sm" role="status" aria-label={t("page")} />}
      {messages.isError && (
        <Alert color="red" role="alert">
          {t("loadFailed", { message: messages.error.message })}
        </Alert>
      )}
      {messages.isSuccess &&
        (messages.data.items.length === 0 ? <Text>{t("empty")}</Text> : <MessagesTable messages={messages.data.items} />)}
    </Stack>
  );
}
