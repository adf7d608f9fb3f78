/** The city (or the caller's scope) at a glance: filters, KPIs, the coverage map, charts per
 * kecamatan and per month, the graduation funnel and participation per agency. The KPIs and the
 * table paint first; the charts and the map come in their own chunk (React.lazy). */
import { Alert, Card, Grid, Skeleton, Text, Title } from "@mantine/core";
import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert, Loading } from "@/components/states";
import { formatDateTime } from "@/utils/format";

import { useAgencyStats } from "../api/get-agency-stats";
import { useKecamatanStats } from "../api/get-kecamatan-stats";
import { useMonthlyStats } from "../api/get-monthly-stats";
import { useOverview } from "../api/get-overview";
import { useStatsFilters } from "../api/stats-filters";

import { AgencyTable } from "./agency-table";
import { DashboardFilters } from "./dashboard-filters";
import { Kpis } from "./kpis";

const visuals = () => import("./dashboard-visuals");
const CoverageMap = lazy(() => visuals().then((m) => ({ default: m.CoverageMap })));
const KecamatanChart = lazy(() => visuals().then((m) => ({ default: m.KecamatanChart })));
const MonthlyChart = lazy(() => visuals().then((m) => ({ default: m.MonthlyChart })));
const StageCharts = lazy(() => visuals().then((m) => ({ default: m.StageCharts })));

type Query<T> = { data: T | undefined; isError: boolean; error: unknown; refetch: () => unknown };

/** A titled card whose body waits for its data and its chunk with a placeholder of its size. */
function Panel<T>({ title, query, height, children, testId }: { title: string; query: Query<T>; height: number; children: (data: T) => ReactNode; testId?: string }) {
  const placeholder = <Skeleton h={height} radius="md" />;
  return (
    <Card withBorder radius="md" padding="lg" h="100%" data-testid={testId}>
      <Title order={4} mb="md">
        {title}
      </Title>
      {query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data === undefined ? (
        placeholder
      ) : (
        <Suspense fallback={placeholder}>{children(query.data)}</Suspense>
      )}
    </Card>
  );
}

export function Dashboard() {
  const { t } = useTranslation();
  const { filters, set } = useStatsFilters();
  const overview = useOverview(filters);
  // The server answers one call at a time per worker: the KPIs first, so they show at once, the
  // rest right after; the charts' code loads meanwhile.
  const rest = overview.isSuccess;
  const kecamatan = useKecamatanStats(filters, rest);
  const monthly = useMonthlyStats(filters, rest);
  const agencies = useAgencyStats(filters, rest);
  useEffect(() => void visuals(), []);
  // A coordinator's (or a filtered) dashboard has one kecamatan: no chart to compare, a wider map.
  const oneKecamatan = kecamatan.data !== undefined && kecamatan.data.items.length <= 1;

  if (overview.isPending) return <Loading />;
  if (overview.isError) return <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} />;
  const o = overview.data;
  if (o === null)
    return (
      <Alert color="gray" variant="light" title={t("dashboard.notYetTitle")} data-testid="stats-unavailable">
        {t("dashboard.notYetBody")}
      </Alert>
    );
  return (
    <>
      <DashboardFilters value={filters} onChange={set} />
      <Kpis overview={o} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: oneKecamatan ? 12 : 7 }}>
          <Panel title={t("dashboard.map")} query={kecamatan} height={480} testId="panel-map">
            {(k) => <CoverageMap items={k.items} selected={filters.kecamatan} onSelect={(code) => set({ kecamatan: code === filters.kecamatan ? undefined : code })} />}
          </Panel>
        </Grid.Col>
        {!oneKecamatan && (
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Panel title={t("dashboard.byKecamatan")} query={kecamatan} height={480} testId="panel-kecamatan">
              {(k) => <KecamatanChart items={k.items} />}
            </Panel>
          </Grid.Col>
        )}
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Panel title={t("dashboard.monthlyTitle")} query={monthly} height={300} testId="panel-monthly">
            {(m) => <MonthlyChart items={m.items} />}
          </Panel>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Panel title={t("dashboard.stages")} query={overview} height={300} testId="panel-stages">
            {(data) => data && <StageCharts overview={data} />}
          </Panel>
        </Grid.Col>
        <Grid.Col span={12}>
          <Panel title={t("dashboard.agencies")} query={agencies} height={300} testId="panel-agencies">
            {(a) => <AgencyTable items={a.items} />}
          </Panel>
        </Grid.Col>
      </Grid>
      <Text size="xs" c="dimmed" mt="sm">
        {t("dashboard.asOf", { when: formatDateTime(o.as_of) })}
      </Text>
    </>
  );
}
