import { Stack, Text } from "@mantine/core";
import { usePlugTranslation } from "@care/plug-sdk/ui";
import { GreetingList } from "./greeting-list.js";

/** hello's own page (/plugs/hello/greetings, titled by the app with its label): more of the newest greetings. */
export default function GreetingsPage() {
  const { t } = usePlugTranslation();
  return (
    <Stack gap="sm">
      <Text>{t("all")}</Text>
      <GreetingList limit={50} label={t("page")} />
    </Stack>
  );
}
