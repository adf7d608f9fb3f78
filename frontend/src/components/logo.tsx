/** The Bina mark and name. */
import { Group, Text, ThemeIcon } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function Logo() {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={32} radius="md" variant="filled">
        <Text fw={800} c="white" size="lg">
          B
        </Text>
      </ThemeIcon>
      <div>
        <Text fw={800} size="lg" lh={1}>
          Bina
        </Text>
        <Text size="xs" c="dimmed" lh={1.2} visibleFrom="xs">
          {t("app.tagline")}
        </Text>
      </div>
    </Group>
  );
}
