import { Modal, type ModalProps } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Mantine's Modal with a named close button (its own is an unlabelled ×). */
export function ConsoleModal(props: ModalProps) {
  const { t } = useTranslation();
  return <Modal closeButtonProps={{ "aria-label": t("console.close") }} {...props} />;
}
