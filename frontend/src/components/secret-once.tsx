/**
 * A credential the API shows once (an integration client's secret, a webhook's signing secret):
 * each value with a copy button, and a warning that it cannot be shown again. The dialog closes
 * only by the explicit button, never by a stray click or Escape.
 */
import { Alert, Button, Code, CopyButton, Group, Input, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** One value to copy; `testId` names it for tests. */
export type SecretValue = { label: string; value: string; testId?: string };

type Props = { title: string; values: SecretValue[]; note?: ReactNode; onClose: () => void };

export function SecretOnceModal({ title, values, note, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeOnClickOutside={false} closeOnEscape={false} withCloseButton={false}>
      <Stack gap="md">
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={t("secretOnce.warningTitle")} data-testid="secret-warning">
          {t("secretOnce.warningBody")}
        </Alert>
        {values.map((v) => (
          <CopyableValue key={v.label} {...v} />
        ))}
        {note && (
          <Text size="sm" c="dimmed">
            {note}
          </Text>
        )}
        <Group justify="flex-end">
          <Button onClick={onClose}>{t("secretOnce.done")}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CopyableValue({ label, value, testId }: SecretValue) {
  const { t } = useTranslation();
  return (
    <Input.Wrapper label={label}>
      <Group gap="xs" wrap="nowrap" align="flex-start" mt={4}>
        <Code
          block
          flex={1}
          data-testid={testId}
          style={{ wordBreak: "break-all", whiteSpace: "pre-wrap", fontSize: "var(--mantine-font-size-sm)" }}
        >
          {value}
        </Code>
        <CopyButton value={value} timeout={2500}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? "filled" : "light"}
              color={copied ? "teal" : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
              aria-label={t(copied ? "secretOnce.copiedLabel" : "secretOnce.copyLabel", { what: label })}
              miw={96}
            >
              {copied ? t("secretOnce.copied") : t("secretOnce.copy")}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Input.Wrapper>
  );
}
