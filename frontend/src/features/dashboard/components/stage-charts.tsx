/** Where the households are: the graduation funnel (households that reached each stage) or the
 * households by their current status, one at a time. */
import { SegmentedControl, Stack } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { BarChart, type BarDatum } from "@/components/bar-chart";
import { HOUSEHOLD_STATUSES } from "@/lib/reference";
import { formatNumber } from "@/utils/format";

import type { Overview } from "../api/get-overview";

const VIEWS = ["funnel", "byStatus"] as const;
type View = (typeof VIEWS)[number];

export function StageCharts({ overview }: { overview: Overview }) {
  const { t } = useTranslation();
  const [view, setView] = useState<View>("funnel");
  const data: BarDatum[] =
    view === "funnel"
      ? overview.graduation_funnel.map((f) => ({ key: f.stage, label: t(`householdStatus.${f.stage}`, { defaultValue: f.stage }), value: f.households }))
      : HOUSEHOLD_STATUSES.map((s) => ({ key: s, label: t(`householdStatus.${s}`), value: overview.by_status[s] ?? 0 }));
  return (
    <Stack gap="sm">
      <SegmentedControl size="xs" fullWidth value={view} onChange={(v) => setView(v as View)} data={VIEWS.map((v) => ({ value: v, label: t(`dashboard.${v}`) }))} />
      <BarChart
        testId={view === "funnel" ? "funnel-chart" : "status-chart"}
        orientation="horizontal"
        data={data}
        formatValue={formatNumber}
        color={view === "funnel" ? "var(--mantine-color-indigo-6)" : "var(--mantine-color-teal-6)"}
        label={t(`dashboard.${view}`)}
      />
    </Stack>
  );
}
