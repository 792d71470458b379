import { Anchor } from "@mantine/core";
import { useTranslation } from "react-i18next";
import classes from "./skip-link.module.css";

/** The first thing a keyboard user reaches: jumps past the header and navigation to the screen. */
export function SkipLink() {
  const { t } = useTranslation();
  return (
    <Anchor href="#main-content" className={classes.skipLink}>
      {t("nav.skipToContent")}
    </Anchor>
  );
}
