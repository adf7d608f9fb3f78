/** The household's visits, latest first: when, how, what was discussed and agreed, and the review. */
import { Badge, Button, Card, Group, Stack, Text, ThemeIcon, Timeline, Title } from "@mantine/core";
import { IconBuilding, IconHome, IconPhone, IconUsers, type Icon } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { QueryState } from "@/components/states";
import { useOutbox } from "@/lib/offline/hooks";
import type { SessionJob } from "@/lib/offline/outbox";
import { formatDateTime } from "@/utils/format";

import { useHouseholdSessions, type Session } from "../api/get-sessions";

import { ReviewActions } from "./review-actions";
import { FlagBadge, SessionStatusBadge, SessionSummary } from "./session-parts";

export const KIND_ICONS: Record<string, Icon> = { home_visit: IconHome, phone: IconPhone, group: IconUsers, office: IconBuilding };

/** `reviewable`: the viewer verifies visits (coordinator, admin), so submitted ones get the buttons. */
export function SessionTimeline({ householdId, reviewable = false }: { householdId: string; reviewable?: boolean }) {
  const { t } = useTranslation();
  const query = useHouseholdSessions(householdId);
  const sessions = query.data?.pages.flatMap((p) => p.items) ?? [];
  // Visits recorded on this device that the API does not have yet, newest first, on top.
  const waiting = useOutbox()
    .flatMap((i) => (i.job.kind === "session" && i.job.householdId === householdId ? [{ job: i.job, refused: !i.waiting }] : []))
    .reverse();
  return (
    <Card withBorder radius="md" data-testid="session-timeline">
      <Title order={4} mb="md">
        {t("sessions.timeline")}
      </Title>
      {waiting.length > 0 && (
        <Timeline bulletSize={28} lineWidth={2} mb="md">
          {waiting.map(({ job, refused }) => (
            <Timeline.Item key={job.body.id} bullet={<KindIcon kind={job.body.kind} color={refused ? "red" : "orange"} />} data-testid="session-waiting">
              <WaitingEntry job={job} refused={refused} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      <QueryState query={query} isEmpty={() => sessions.length === 0 && waiting.length === 0} empty={t("sessions.none")}>
        {() => (
          <>
            <Timeline bulletSize={28} lineWidth={2}>
              {sessions.map((s) => (
                <Timeline.Item key={s.id} bullet={<KindIcon kind={s.kind} />} data-testid="session-item">
                  <SessionEntry session={s} />
                  {reviewable && s.status === "submitted" && <ReviewActions session={s} onReload={() => query.refetch()} />}
                </Timeline.Item>
              ))}
            </Timeline>
            {query.hasNextPage && (
              <Group justify="center" mt="md">
                <Button variant="default" size="xs" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                  {t("sessions.more")}
                </Button>
              </Group>
            )}
          </>
        )}
      </QueryState>
    </Card>
  );
}

function KindIcon({ kind, color = "teal" }: { kind: string; color?: string }) {
  const Icon = KIND_ICONS[kind] ?? IconHome;
  return (
    <ThemeIcon size={28} radius="xl" variant="light" color={color}>
      <Icon size={15} />
    </ThemeIcon>
  );
}

function SessionEntry({ session: s }: { session: Session }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} pb="xs">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text fw={600} size="sm">
          {formatDateTime(s.occurred_at)}
        </Text>
        <Group gap={4}>
          <SessionStatusBadge status={s.status} />
          <FlagBadge session={s} />
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        {t(`sessionKind.${s.kind}`)} · {t("sessions.minutes", { count: s.duration_minutes })}
      </Text>
      <SessionSummary session={s} />
    </Stack>
  );
}

function WaitingEntry({ job, refused }: { job: SessionJob; refused: boolean }) {
  const { t } = useTranslation();
  const v = job.body;
  return (
    <Stack gap={4} pb="xs">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text fw={600} size="sm">
          {formatDateTime(v.occurred_at)}
        </Text>
        <Badge color={refused ? "red" : "orange"} variant="light" data-testid="session-status">
          {refused ? t("outbox.statusRefused") : t("outbox.statusWaiting")}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t(`sessionKind.${v.kind}`)} · {t("sessions.minutes", { count: v.duration_minutes })}
      </Text>
      {v.notes && <Text size="sm">{v.notes}</Text>}
    </Stack>
  );
}
