/** The four headline numbers: households, coverage, visits in 30 days, households not visited. */
import { Card, Group, SimpleGrid, Text, ThemeIcon } from "@mantine/core";
import { IconAlertTriangle, IconCalendarCheck, IconChartBar, IconHome } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { formatNumber, formatPercent } from "@/utils/format";

import type { Overview } from "../api/get-overview";

function Kpi({ id, label, value, icon, hint }: { id: string; label: string; value: string; icon: ReactNode; hint?: string }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {label}
          </Text>
          <Text fz={28} fw={700} mt={4} data-testid={`kpi-${id}`}>
            {value}
          </Text>
          {hint && (
            <Text size="xs" c="dimmed">
              {hint}
            </Text>
          )}
        </div>
        <ThemeIcon size={42} radius="md" variant="light">
          {icon}
        </ThemeIcon>
      </Group>
    </Card>
  );
}

export function Kpis({ overview: o }: { overview: Overview }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} mb="md">
      <Kpi id="households" label={t("dashboard.households")} value={formatNumber(o.households)} icon={<IconHome size={22} />} hint={t("dashboard.openHint", { count: o.households_open })} />
      <Kpi id="coverage" label={t("dashboard.coverage")} value={formatPercent(o.coverage)} icon={<IconChartBar size={22} />} hint={t("dashboard.coverageHint", { count: o.households_with_mentor })} />
      <Kpi id="visits" label={t("dashboard.visits30")} value={formatNumber(o.sessions_last_30_days)} icon={<IconCalendarCheck size={22} />} hint={t("dashboard.participation", { value: formatPercent(o.participation) })} />
      <Kpi
        id="not-visited"
        label={t("dashboard.notVisited30")}
        value={formatNumber(o.households_not_visited_30_days)}
        icon={<IconAlertTriangle size={22} />}
        hint={t("dashboard.notVisited60", { count: o.households_not_visited_60_days })}
      />
    </SimpleGrid>
  );
}
