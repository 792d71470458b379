import { Alert, List, Loader, Text } from "@mantine/core";
import { usePlugTranslation } from "@care/plug-sdk/ui";
import { usePlugQuery } from "./hello-client.js";

/** The newest greetings the signed-in user may see. */
export function GreetingList({ limit, label }: { limit: number; label: string }) {
  const { t, locale } = usePlugTranslation();
  const greetings = usePlugQuery("GET /greetings", { query: { limit } });
  if (greetings.isPending) return <Loader size="sm" role="status" aria-label={label} />;
  if (greetings.isError) {
    return (
      <Alert color="red" role="alert">
        {t("loadFailed", { message: greetings.error.message })}
      </Alert>
    );
  }
  if (greetings.data.items.length === 0) return <Text>{t("empty")}</Text>;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return (
    <List aria-label={label}>
      {greetings.data.items.map((greeting) => (
        <List.Item key={greeting.id}>
          {greeting.message}{" "}
          <Text span c="dimmed" size="sm">
            ({when.format(new Date(greeting.createdAt))})
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
