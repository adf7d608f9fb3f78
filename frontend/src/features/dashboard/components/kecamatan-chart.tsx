/** Per kecamatan, one measure at a time (coverage, visits in 30 days, graduations), best first. */
import { SegmentedControl, Stack } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { BarChart } from "@/components/bar-chart";
import { formatNumber, formatPercent } from "@/utils/format";

import type { KecamatanStats } from "../api/get-kecamatan-stats";

export const KECAMATAN_MEASURES = ["coverage", "sessions_last_30_days", "graduated"] as const;
type Measure = (typeof KECAMATAN_MEASURES)[number];

const COLORS: Record<Measure, string> = {
  coverage: "var(--mantine-color-teal-6)",
  sessions_last_30_days: "var(--mantine-color-blue-6)",
  graduated: "var(--mantine-color-indigo-6)",
};

export function KecamatanChart({ items }: { items: KecamatanStats[] }) {
  const { t } = useTranslation();
  const [measure, setMeasure] = useState<Measure>("coverage");
  const share = measure === "coverage";
  const format = share ? formatPercent : formatNumber;
  const data = items
    .map((k) => {
      const value = share ? k.coverage : k[measure];
      return {
        key: k.kecamatan_code,
        label: k.name,
        value: value ?? -1, // no household to cover: last, and shown as "—"
        shown: value == null ? "—" : undefined,
        detail: share ? t("dashboard.tipCoverage", { coverage: formatPercent(k.coverage), with: formatNumber(k.households_with_mentor), open: formatNumber(k.households_open) }) : undefined,
      };
    })
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label))
    .map((d) => ({ ...d, value: Math.max(d.value, 0) }));
  return (
    <Stack gap="sm">
      <SegmentedControl
        size="xs"
        fullWidth
        value={measure}
        onChange={(v) => setMeasure(v as Measure)}
        data={KECAMATAN_MEASURES.map((m) => ({ value: m, label: t(`dashboard.measure.${m}`) }))}
      />
      <BarChart
        testId="kecamatan-chart"
        orientation="horizontal"
        data={data}
        formatValue={format}
        max={share ? 1 : undefined}
        color={COLORS[measure]}
        label={t("dashboard.byKecamatanLabel", { measure: t(`dashboard.measure.${measure}`) })}
      />
    </Stack>
  );
}
