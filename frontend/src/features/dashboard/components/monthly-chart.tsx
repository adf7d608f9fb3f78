/** The last twelve months, one measure at a time: visits, households visited, assessments,
 * graduations, new assignments. */
import { Select, Stack } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { BarChart } from "@/components/bar-chart";
import i18n from "@/lib/i18n";
import { formatNumber } from "@/utils/format";

import type { MonthStats } from "../api/get-monthly-stats";

export const MONTHLY_MEASURES = ["sessions", "households_visited", "assessments", "graduations", "assignments_started"] as const;
type Measure = (typeof MONTHLY_MEASURES)[number];

/** `2026-08` -> `Agu 26` (id) / `Aug 26` (en). */
export function monthLabel(month: string): string {
  const [year, mm] = month.split("-").map(Number);
  const date = new Date(Date.UTC(year!, mm! - 1, 1));
  const locale = i18n.language === "en" ? "en-GB" : "id-ID";
  return new Intl.DateTimeFormat(locale, { month: "short", year: "2-digit", timeZone: "UTC" }).format(date);
}

export function MonthlyChart({ items }: { items: MonthStats[] }) {
  const { t } = useTranslation();
  const [measure, setMeasure] = useState<Measure>("sessions");
  const data = items.map((m) => ({
    key: m.month,
    label: monthLabel(m.month),
    value: m[measure],
    detail: `${t(`dashboard.monthly.${measure}`)}: ${formatNumber(m[measure])}`,
  }));
  return (
    <Stack gap="sm">
      <Select
        aria-label={t("dashboard.measureLabel")}
        size="xs"
        w={240}
        allowDeselect={false}
        value={measure}
        onChange={(v) => v && setMeasure(v as Measure)}
        data={MONTHLY_MEASURES.map((m) => ({ value: m, label: t(`dashboard.monthly.${m}`) }))}
      />
      <BarChart
        testId="monthly-chart"
        orientation="vertical"
        data={data}
        formatValue={formatNumber}
        color="var(--mantine-color-blue-6)"
        label={t("dashboard.monthlyLabel", { measure: t(`dashboard.monthly.${measure}`) })}
      />
    </Stack>
  );
}
