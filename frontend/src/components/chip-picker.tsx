/** Several of a short list, picked with one tap each (phone friendly): topics, income sources. */
import { Chip, Group, Input } from "@mantine/core";

type Props = { label: string; options: { value: string; label: string }[]; value: string[]; onChange: (value: string[]) => void };

export function ChipPicker({ label, options, value, onChange }: Props) {
  return (
    <div role="group" aria-label={label}>
      <Input.Label mb={4}>{label}</Input.Label>
      <Chip.Group multiple value={value} onChange={onChange}>
        <Group gap={6}>
          {options.map((o) => (
            <Chip key={o.value} value={o.value} size="xs" variant="outline">
              {o.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </div>
  );
}
