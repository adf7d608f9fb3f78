/** The city at a glance: totals and households by status now; the stats API's KPIs when it lands. */
import { BarChart } from "@mantine/charts";
import { Alert, Card, Grid, Group, SimpleGrid, Text, ThemeIcon, Title } from "@mantine/core";
import { IconChartBar, IconHome, IconLink, IconUsers } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert, Loading } from "@/components/states";
import { formatNumber } from "@/utils/format";

import { useStatsOverview, useTotals } from "../api/get-overview";

function Kpi({ label, value, icon, hint }: { label: string; value: string; icon: ReactNode; hint?: string }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {label}
          </Text>
          <Text fz={28} fw={700} mt={4} data-testid={`kpi-${label}`}>
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

export function Dashboard() {
  const { t } = useTranslation();
  const totals = useTotals();
  const stats = useStatsOverview();

  if (totals.isPending) return <Loading />;
  if (totals.isError) return <ErrorAlert error={totals.error} onRetry={() => void totals.refetch()} />;
  const d = totals.data;
  const coverage = d.households ? Math.round((100 * d.assignments) / d.households) : 0;
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} mb="md">
        <Kpi label={t("dashboard.households")} value={formatNumber(d.households)} icon={<IconHome size={22} />} />
        <Kpi label={t("dashboard.mentors")} value={formatNumber(d.mentors)} icon={<IconUsers size={22} />} />
        <Kpi label={t("dashboard.activeAssignments")} value={formatNumber(d.assignments)} icon={<IconLink size={22} />} />
        <Kpi
          label={t("dashboard.coverage")}
          value={`${coverage}%`}
          icon={<IconChartBar size={22} />}
          hint={t("dashboard.coverageHint")}
        />
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder radius="md" padding="lg">
            <Title order={4} mb="md">
              {t("dashboard.byStatus")}
            </Title>
            <BarChart
              h={300}
              orientation="vertical"
              yAxisProps={{ width: 110 }}
              data={d.statuses.map((s) => ({ status: t(`householdStatus.${s.status}`), count: s.count }))}
              dataKey="status"
              series={[{ name: "count", label: t("dashboard.households"), color: "teal.6" }]}
              gridAxis="x"
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card withBorder radius="md" padding="lg" h="100%">
            <Title order={4} mb="md">
              {t("dashboard.kpiTitle")}
            </Title>
            {stats.isPending ? (
              <Loading />
            ) : stats.isError ? (
              <ErrorAlert error={stats.error} />
            ) : stats.data === null ? (
              <Alert color="gray" variant="light" title={t("dashboard.notYetTitle")} data-testid="stats-unavailable">
                {t("dashboard.notYetBody")}
              </Alert>
            ) : (
              <Text size="sm">{t("dashboard.statsReady")}</Text>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
