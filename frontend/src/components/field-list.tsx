/** Label/value pairs in a tidy two-column grid (detail pages). */
import { SimpleGrid, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

export function FieldList({ items, cols = 2 }: { items: [ReactNode, ReactNode][]; cols?: number }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: cols }} spacing="md" verticalSpacing="sm">
      {items.map(([label, value], i) => (
        <Stack key={i} gap={0}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.3 }}>
            {label}
          </Text>
          <Text size="sm" component="div">
            {value ?? "—"}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
