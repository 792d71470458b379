import { Center, Loader } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Shown while a screen's code or data loads. */
export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center p="xl">
      <Loader role="status" aria-label={t("common.loading")} />
    </Center>
  );
}
