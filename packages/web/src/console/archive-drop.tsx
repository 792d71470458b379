import { Input, Paper, Stack, Text } from "@mantine/core";
import { type DragEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";

interface ArchiveDropProps {
  onFile: (file: File) => void;
  disabled: boolean;
}

/**
 * Where a plug archive is dropped, or chosen with an ordinary file input (the keyboard's and screen
 * reader's way in: the drop area is only a larger target for the same thing).
 */
export function ArchiveDrop({ onFile, disabled }: ArchiveDropProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const [over, setOver] = useState(false);
  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file && !disabled) onFile(file);
  };
  const onDragOver = (event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = disabled ? "none" : "copy";
    setOver(true);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    take(event.dataTransfer.files);
  };
  return (
    <Paper
      withBorder
      p="lg"
      bg={over ? "blue.0" : undefined}
      style={{ borderStyle: "dashed", borderWidth: 2 }}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="archive-drop"
    >
      <Stack gap="xs">
        <Text fw={500}>{t("console.changes.dropHere")}</Text>
        <Input.Wrapper id={inputId} label={t("console.changes.chooseFile")} description={t("console.changes.fileHint")}>
          <input
            id={inputId}
            type="file"
            aria-describedby={`${inputId}-description`}
            accept=".tgz,.tar.gz,application/gzip,application/x-gzip"
            disabled={disabled}
            onChange={(event) => {
              take(event.currentTarget.files);
              // The same file can be chosen again (after a refusal, say).
              event.currentTarget.value = "";
            }}
          />
        </Input.Wrapper>
      </Stack>
    </Paper>
  );
}
