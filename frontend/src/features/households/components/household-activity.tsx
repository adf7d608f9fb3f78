/** What a household's mentoring produced: the steps agreed (open, done, overdue) and every
 * status change of its lifecycle. */
import { ActionIcon, Badge, Card, Group, Stack, Text, Timeline, Title, Tooltip } from "@mantine/core";
import { IconArrowRight, IconCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { ErrorAlert, QueryState, StaleAlert } from "@/components/states";
import { isApiError } from "@/lib/api/problem";
import { formatDate, formatDateTime } from "@/utils/format";

import { useCompleteAction, useHouseholdActions, useHouseholdHistory, type ActionItem } from "../api/get-household-activity";

import { historyReason } from "./history-reason";

const ORDER: Record<string, number> = { overdue: 0, open: 1, done: 2, dropped: 3 };
const COLORS: Record<string, string> = { overdue: "red", open: "blue", done: "teal", dropped: "gray" };

const stateOf = (a: ActionItem) => (a.overdue ? "overdue" : a.status);

/** `mayComplete`: the viewer may mark steps done (the household's mentor, coordinator, admin). */
export function ActionItemsCard({ householdId, mayComplete }: { householdId: string; mayComplete: boolean }) {
  const { t } = useTranslation();
  const query = useHouseholdActions(householdId);
  const items = [...(query.data?.items ?? [])].sort((a, b) => (ORDER[stateOf(a)] ?? 9) - (ORDER[stateOf(b)] ?? 9));
  const overdue = items.filter((a) => a.overdue).length;
  const complete = useCompleteAction(householdId);
  return (
    <Card withBorder radius="md" data-testid="action-items">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t("actions.title")}</Title>
        {overdue > 0 && (
          <Badge color="red" variant="light">
            {t("actions.overdueCount", { count: overdue })}
          </Badge>
        )}
      </Group>
      {isApiError(complete.error, 412) ? (
        <StaleAlert onReload={() => void query.refetch().then(() => complete.reset())} />
      ) : (
        complete.error != null && <ErrorAlert error={complete.error} />
      )}
      <QueryState query={query} isEmpty={() => items.length === 0} empty={t("actions.none")}>
        {() => (
          <Stack gap="xs">
            {items.map((a) => (
              <Group key={a.id} justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" td={a.status === "dropped" ? "line-through" : undefined}>
                    {a.title}
                  </Text>
                  <Text size="xs" c={a.overdue ? "red" : "dimmed"}>
                    {a.status === "done" ? t("actions.doneOn", { when: formatDate(a.done_at) }) : t("actions.due", { when: formatDate(a.due_date) })}
                  </Text>
                </Stack>
                <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                  <Badge size="sm" variant="light" color={COLORS[stateOf(a)]}>
                    {t(`actions.status.${stateOf(a)}`)}
                  </Badge>
                  {mayComplete && a.status === "open" && (
                    <Tooltip label={t("actions.markDone")} withArrow>
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        color="teal"
                        aria-label={`${t("actions.markDone")}: ${a.title}`}
                        loading={complete.isPending && complete.variables?.id === a.id}
                        onClick={() => complete.mutate(a)}
                      >
                        <IconCheck size={14} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              </Group>
            ))}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}

export function HistoryCard({ householdId }: { householdId: string }) {
  const { t } = useTranslation();
  const query = useHouseholdHistory(householdId);
  const status = (s: string | null) => (s ? t(`householdStatus.${s}`, { defaultValue: s }) : t("history.registered"));
  return (
    <Card withBorder radius="md" data-testid="status-history">
      <Title order={4} mb="sm">
        {t("history.title")}
      </Title>
      <QueryState query={query} isEmpty={(page) => page.items.length === 0}>
        {(page) => (
          <Timeline bulletSize={12} lineWidth={2}>
            {page.items.map((c) => (
              <Timeline.Item key={c.id}>
                <Group gap={4} wrap="nowrap">
                  {c.from_status && (
                    <>
                      <Text size="sm" c="dimmed">
                        {status(c.from_status)}
                      </Text>
                      <IconArrowRight size={12} color="var(--mantine-color-dimmed)" />
                    </>
                  )}
                  <Text size="sm" fw={600}>
                    {c.from_status ? status(c.to_status) : status(null)}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {formatDateTime(c.changed_at)}
                  {c.actor_role ? ` · ${t(`role.${c.actor_role}`, { defaultValue: c.actor_role })}` : ` · ${t("history.system")}`}
                </Text>
                {c.reason && historyReason(t, c.reason) && (
                  <Text size="xs" lineClamp={2}>
                    {historyReason(t, c.reason)}
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </QueryState>
    </Card>
  );
}
