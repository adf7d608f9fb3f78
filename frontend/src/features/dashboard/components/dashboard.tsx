/** The city (or the caller's scope) at a glance: coverage, visits, neglected households, the
 * households by status and the graduation funnel, from GET /stats/overview. */
import { BarChart } from "@mantine/charts";
import { Alert, Card, Grid, Group, SimpleGrid, Text, ThemeIcon, Title } from "@mantine/core";
import { IconAlertTriangle, IconCalendarCheck, IconChartBar, IconHome } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert, Loading } from "@/components/states";
import { HOUSEHOLD_STATUSES } from "@/lib/reference";
import { formatDateTime, formatNumber } from "@/utils/format";

import { useOverview } from "../api/get-overview";

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

const pct = (x: number | null | undefined) => (x == null ? "—" : `${Math.round(100 * x)}%`);

export function Dashboard() {
  const { t } = useTranslation();
  const query = useOverview();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const o = query.data;
  if (o === null)
    return (
      <Alert color="gray" variant="light" title={t("dashboard.notYetTitle")} data-testid="stats-unavailable">
        {t("dashboard.notYetBody")}
      </Alert>
    );
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} mb="md">
        <Kpi id="households" label={t("dashboard.households")} value={formatNumber(o.households)} icon={<IconHome size={22} />} hint={t("dashboard.openHint", { count: o.households_open })} />
        <Kpi id="coverage" label={t("dashboard.coverage")} value={pct(o.coverage)} icon={<IconChartBar size={22} />} hint={t("dashboard.coverageHint", { count: o.households_with_mentor })} />
        <Kpi id="visits" label={t("dashboard.visits30")} value={formatNumber(o.sessions_last_30_days)} icon={<IconCalendarCheck size={22} />} hint={t("dashboard.participation", { value: pct(o.participation) })} />
        <Kpi
          id="not-visited"
          label={t("dashboard.notVisited30")}
          value={formatNumber(o.households_not_visited_30_days)}
          icon={<IconAlertTriangle size={22} />}
          hint={t("dashboard.notVisited60", { count: o.households_not_visited_60_days })}
        />
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Card withBorder radius="md" padding="lg">
            <Title order={4} mb="md">
              {t("dashboard.byStatus")}
            </Title>
            <BarChart
              h={300}
              orientation="vertical"
              yAxisProps={{ width: 110 }}
              data={HOUSEHOLD_STATUSES.map((s) => ({ status: t(`householdStatus.${s}`), count: o.by_status[s] ?? 0 }))}
              dataKey="status"
              series={[{ name: "count", label: t("dashboard.households"), color: "teal.6" }]}
              gridAxis="x"
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Card withBorder radius="md" padding="lg">
            <Title order={4} mb="md">
              {t("dashboard.funnel")}
            </Title>
            <BarChart
              h={300}
              orientation="vertical"
              yAxisProps={{ width: 110 }}
              data={o.graduation_funnel.map((f) => ({ stage: t(`householdStatus.${f.stage}`, { defaultValue: f.stage }), households: f.households }))}
              dataKey="stage"
              series={[{ name: "households", label: t("dashboard.households"), color: "indigo.6" }]}
              gridAxis="x"
            />
          </Card>
        </Grid.Col>
      </Grid>
      <Text size="xs" c="dimmed" mt="sm">
        {t("dashboard.asOf", { when: formatDateTime(o.as_of) })}
      </Text>
    </>
  );
}
