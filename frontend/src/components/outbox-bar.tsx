/** Above every page: no signal, visits and assessments waiting on this device, and the ones the
 * API refused (with why, and what the mentor can do). */
import { Alert, Badge, Button, Collapse, Group, Paper, Stack, Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconCloudOff, IconCloudUpload, IconAlertTriangle } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { fieldErrors, problemMessage } from "@/lib/api/messages";
import { useOnline, useOutbox, type OutboxItem } from "@/lib/offline/hooks";
import { discard, resend } from "@/lib/offline/outbox";
import { formatDate, formatDateTime } from "@/utils/format";

export function OutboxBar() {
  const { t } = useTranslation();
  const online = useOnline();
  const items = useOutbox();
  // Refused writes open the list by themselves: the mentor has to see why.
  const [open, setOpen] = useState<boolean | null>(null);
  const waiting = items.filter((i) => i.waiting).length;
  const refused = items.length - waiting;
  if (online && items.length === 0) return null;

  const color = refused ? "red" : waiting ? "orange" : "gray";
  const expanded = open ?? refused > 0;
  const Icon = refused ? IconAlertTriangle : online ? IconCloudUpload : IconCloudOff;
  return (
    <Alert color={color} variant="light" icon={<Icon size={18} />} mb="md" p="sm" data-testid="outbox">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Stack gap={0} style={{ flex: "1 1 200px" }}>
          {waiting > 0 && (
            <Text size="sm" fw={600} data-testid="outbox-waiting">
              {t("outbox.waiting", { count: waiting })}
            </Text>
          )}
          {refused > 0 && (
            <Text size="sm" fw={600} c="red.8" data-testid="outbox-refused">
              {t("outbox.refused", { count: refused })}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {!online ? (waiting ? t("outbox.offlineWaiting") : t("outbox.offline")) : waiting ? t("outbox.sendingSoon") : t("outbox.refusedHint")}
          </Text>
        </Stack>
        {items.length > 0 && (
          <Button size="xs" variant="subtle" color={color} onClick={() => setOpen(!expanded)} aria-expanded={expanded}>
            {expanded ? t("outbox.hide") : t("outbox.show")}
          </Button>
        )}
      </Group>
      <Collapse expanded={expanded}>
        <Stack gap="xs" mt="sm">
          {items.map((item) => (
            <OutboxEntry key={item.mutation.mutationId} item={item} />
          ))}
        </Stack>
      </Collapse>
    </Alert>
  );
}

// Where the API points in a refused write, in the words of the form it came from.
const LABELS: Record<string, string> = {
  occurred_at: "visit.occurredAt",
  next_visit_on: "visit.nextVisit",
  duration_minutes: "visit.duration",
  assignment_id: "outbox.assignment",
  due_date: "visit.dueDate",
  assessed_on: "assessment.assessedOn",
  id: "outbox.record",
};

function fieldLabel(t: TFunction, path: string): string {
  const last = path.split(".").pop() ?? path;
  const key = LABELS[last];
  return key ? t(key) : path;
}

function OutboxEntry({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { job } = item;
  const when = job.kind === "session" ? formatDateTime(job.body.occurred_at) : formatDate(job.body.assessed_on);
  const problems = item.error ? Object.entries(fieldErrors(t, item.error)).map(([path, msg]) => `${fieldLabel(t, path)}: ${msg}`) : [];
  const confirmDiscard = () =>
    modals.openConfirmModal({
      title: t("outbox.discardTitle"),
      children: <Text size="sm">{t("outbox.discardBody")}</Text>,
      labels: { confirm: t("outbox.discard"), cancel: t("common.cancel") },
      confirmProps: { color: "red" },
      onConfirm: () => discard(queryClient, item.mutation),
    });
  return (
    <Paper withBorder radius="sm" p="xs" bg="white" data-testid="outbox-item">
      <Text size="sm" fw={500}>
        {t(`outbox.kind_${job.kind}`)} · {job.householdName}
      </Text>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed">
          {when}
        </Text>
        <Badge size="sm" color={item.waiting ? "orange" : "red"} variant="light">
          {item.waiting ? t("outbox.statusWaiting") : t("outbox.statusRefused")}
        </Badge>
      </Group>
      {item.error != null && (
        <Stack gap={6} mt={6}>
          <Text size="xs" c="red.8">
            {problemMessage(t, item.error)}
          </Text>
          {problems.map((p) => (
            <Text key={p} size="xs" c="red.8">
              • {p}
            </Text>
          ))}
          <Group gap="xs">
            <Button size="compact-xs" variant="light" onClick={() => resend(queryClient, item.mutation)}>
              {t("outbox.resend")}
            </Button>
            <Button size="compact-xs" variant="subtle" color="red" onClick={confirmDiscard}>
              {t("outbox.discard")}
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
