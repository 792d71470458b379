import { Title, type TitleProps } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useTranslation } from "react-i18next";

/** A screen's h1, also the browser tab's title ("Patients · Care"), so each screen is named where it is listed. */
export function ScreenTitle({ children, ...props }: Omit<TitleProps, "order" | "children"> & { children: string }) {
  const { t } = useTranslation();
  useDocumentTitle(`${children} · ${t("app.name")}`);
  return (
    <Title order={1} {...props}>
      {children}
    </Title>
  );
}
