/** A form's footer: cancel on the left of the primary submit, both on the right edge. */
import { Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function FormActions({ submit, loading, onCancel }: { submit: string; loading: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel}>
        {t("common.cancel")}
      </Button>
      <Button type="submit" loading={loading}>
        {submit}
      </Button>
    </Group>
  );
}
