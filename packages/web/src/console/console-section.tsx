import { Stack, Title } from "@mantine/core";
import { type ReactNode, useId } from "react";

/** A titled part of a console screen: an h2 that names the region for screen readers. */
export function ConsoleSection({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Stack component="section" aria-labelledby={id} gap="xs">
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}
