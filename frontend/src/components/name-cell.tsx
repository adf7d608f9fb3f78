/** A table cell with a name and, under it, a dimmed detail (code, email, place). */
import { Table, Text } from "@mantine/core";
import type { ReactNode } from "react";

export function NameCell({ name, detail }: { name: ReactNode; detail?: ReactNode }) {
  return (
    <Table.Td>
      <Text size="sm" fw={500}>
        {name}
      </Text>
      {detail != null && (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      )}
    </Table.Td>
  );
}
