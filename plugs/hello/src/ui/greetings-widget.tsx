import { Stack, Text } from "@mantine/core";
import { useCareUser, usePlugTranslation } from "@care/plug-sdk/ui";
import { GreetingList } from "./greeting-list.js";

/** The dashboard widget (the app titles its card with the label): a hello to the signed-in user and the last few greetings. */
export default function GreetingsWidget() {
  const { t } = usePlugTranslation();
  const user = useCareUser();
  return (
    <Stack gap="xs">
      <Text fw={500}>{t("hello", { name: user.displayName })}</Text>
      <Text size="sm">{t("recent")}</Text>
      <GreetingList limit={5} label={t("recent")} />
    </Stack>
  );
}
