/** Codes an API names (`households:read`, `household.created`) as people read them: badges with a
 * label (the code only as a hint), and checkboxes each with its description and the code beside it
 * for the integrator. */
import { Badge, Checkbox, Code, Group, SimpleGrid, Text } from "@mantine/core";
import type { ReactNode } from "react";

export type CodeChoice = { code: string; label: string; description?: string; color?: string };

export function CodeBadges({ items }: { items: CodeChoice[] }) {
  return (
    <Group gap={4}>
      {items.map((c) => (
        <Badge key={c.code} variant="light" color={c.color} tt="none" fw={500} title={c.code} style={{ maxWidth: "100%" }}>
          {c.label}
        </Badge>
      ))}
    </Group>
  );
}

type CheckboxesProps = {
  label: ReactNode;
  description: ReactNode;
  items: CodeChoice[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
};

export function CodeCheckboxes({ label, description, items, value, onChange, error }: CheckboxesProps) {
  return (
    <Checkbox.Group label={label} description={description} value={value} onChange={onChange} error={error} withAsterisk>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm" mt="xs">
        {items.map((c) => (
          <Checkbox
            key={c.code}
            value={c.code}
            label={c.label}
            description={
              <Text span size="xs" c="dimmed">
                {c.description} <Code fz={10}>{c.code}</Code>
              </Text>
            }
          />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}
