import { DataList } from "@mantine/core";
import type { ReactNode } from "react";

/** Label–value pairs (a description list), for the facts about one plug or one archive. */
export function Facts({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <DataList labelWidth="12rem">
      {items.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue>{value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}
