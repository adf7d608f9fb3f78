/** Previous/next over the API's opaque cursors; the page stack lives in the caller's state. */
import { Button, Group, Text } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

type Props = {
  page: number;
  shown: number;
  total?: number | null;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
};

export function CursorPager({ page, shown, total, hasNext, onPrev, onNext }: Props) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" mt="md">
      <Text size="sm" c="dimmed">
        {total != null ? t("pager.summaryTotal", { page, shown, total }) : t("pager.summary", { page, shown })}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" leftSection={<IconChevronLeft size={14} />} disabled={page <= 1} onClick={onPrev}>
          {t("pager.prev")}
        </Button>
        <Button variant="default" size="xs" rightSection={<IconChevronRight size={14} />} disabled={!hasNext} onClick={onNext}>
          {t("pager.next")}
        </Button>
      </Group>
    </Group>
  );
}
