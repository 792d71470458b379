import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { AdminPlug } from "./types.js";

/** Whether the plug's files were found as the lock file recorded them when the deployment started. */
export function IntegrityBadge({ integrity }: { integrity: AdminPlug["integrity"] }) {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" color={integrity.verified ? "green" : "orange"} variant="light">
      {integrity.verified ? t("console.integrity.verified") : t("console.integrity.notVerified")}
    </Badge>
  );
}

/** Who signed the plug, or that nobody did. */
export function SignatureText({ signature }: { signature: { status: "signed" | "unsigned"; signedBy: string | null } }) {
  const { t } = useTranslation();
  if (signature.status === "unsigned") return t("console.signature.unsigned");
  return signature.signedBy ? t("console.signature.signedBy", { name: signature.signedBy }) : t("console.signature.signed");
}
