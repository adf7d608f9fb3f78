/** Phone first: the mentor's households as cards, each with where it is, what it needs, when the
 * next visit is due, what is overdue, and "Catat kunjungan" one tap away. */
import { Badge, Button, Card, Divider, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconAlertCircle, IconCalendarEvent, IconChevronRight, IconMapPin, IconPencilPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";

import { Empty, ErrorAlert, Loading, QueryState } from "@/components/states";
import { StatusBadge } from "@/components/status-badge";
import { namesOf, useKelurahan } from "@/lib/reference";
import { formatDate } from "@/utils/format";

import { useMyHouseholds } from "../api/get-my-households";
import { useOutlook, type Outlook as OutlookData } from "../api/get-outlook";

type Row = NonNullable<ReturnType<typeof useMyHouseholds>["data"]>["items"][number];

export function MyHouseholds() {
  const { t } = useTranslation();
  const list = useMyHouseholds();

  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <Empty>{t("myHouseholds.empty")}</Empty>;

  return (
    <Stack gap="sm" data-testid="my-households">
      {list.data.items.map((h) => (
        <HouseholdCard key={h.id} household={h} />
      ))}
    </Stack>
  );
}

function HouseholdCard({ household: h }: { household: Row }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const kelurahan = namesOf(useKelurahan(null).data?.items);
  return (
    <Card withBorder radius="md" padding="md">
      <UnstyledButton onClick={() => void navigate(`/my-households/${h.id}`)} aria-label={h.head_name}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Text fw={600}>{h.head_name}</Text>
            <Group gap={4} wrap="nowrap">
              <IconMapPin size={14} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
              <Text size="sm" c="dimmed" lineClamp={1}>
                {h.address}, {kelurahan.get(h.kelurahan_code) ?? h.kelurahan_code}
              </Text>
            </Group>
            <Group gap={4} mt={4}>
              <StatusBadge status={h.status} />
              {h.needs.slice(0, 2).map((n) => (
                <Badge key={n} size="sm" variant="outline" color="gray">
                  {t(`taxonomy.${n}`, { defaultValue: n })}
                </Badge>
              ))}
              {h.needs.length > 2 && (
                <Text size="xs" c="dimmed">
                  +{h.needs.length - 2}
                </Text>
              )}
            </Group>
          </Stack>
          <IconChevronRight size={20} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
        </Group>
      </UnstyledButton>
      <Divider my="sm" />
      <OutlookLines householdId={h.id} />
      <Button component={Link} to={`/my-households/${h.id}/visit`} mt="sm" fullWidth leftSection={<IconPencilPlus size={16} />}>
        {t("visit.title")}
      </Button>
    </Card>
  );
}

function OutlookLines({ householdId }: { householdId: string }) {
  const outlook = useOutlook(householdId);
  return <QueryState query={outlook}>{(data) => <Outlook {...data} />}</QueryState>;
}

function Outlook({ nextVisit, lastVisit, overdue }: OutlookData) {
  const { t } = useTranslation();
  const today = new Date().toLocaleDateString("sv-SE");
  const late = nextVisit != null && nextVisit < today;
  return (
    <Stack gap={6} data-testid="outlook">
      <Group gap={6} wrap="nowrap">
        <IconCalendarEvent size={16} color={late ? "var(--mantine-color-red-6)" : "var(--mantine-color-teal-6)"} style={{ flexShrink: 0 }} />
        <Text size="sm" c={late ? "red" : undefined}>
          {nextVisit
            ? t(late ? "myHouseholds.nextVisitLate" : "myHouseholds.nextVisit", { when: formatDate(nextVisit) })
            : t("myHouseholds.noNextVisit")}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" pl={22}>
        {lastVisit ? t("myHouseholds.lastVisit", { when: formatDate(lastVisit) }) : t("myHouseholds.neverVisited")}
      </Text>
      {overdue.length > 0 && (
        <Stack gap={2}>
          <Group gap={6} wrap="nowrap">
            <IconAlertCircle size={16} color="var(--mantine-color-red-6)" style={{ flexShrink: 0 }} />
            <Text size="sm" fw={600} c="red">
              {t("actions.overdueCount", { count: overdue.length })}
            </Text>
          </Group>
          {overdue.slice(0, 3).map((a) => (
            <Text key={a.id} size="xs" pl={22} lineClamp={1}>
              {a.title} · {formatDate(a.due_date)}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
