import { Anchor, Text } from "@mantine/core";

const isWebAddress = (value: string) => /^https?:\/\//i.test(value);

/**
 * A plug's homepage or repository, as its package.json gives it: a link only when it is an http(s)
 * address, so a `javascript:` or `file:` value written by a plug's author is shown, never followed.
 */
export function WebAddress({ value }: { value: string | null }) {
  if (!value) return <Text span>—</Text>;
  if (!isWebAddress(value)) return <Text span>{value}</Text>;
  return (
    <Anchor href={value} target="_blank" rel="noopener noreferrer">
      {value}
    </Anchor>
  );
}
