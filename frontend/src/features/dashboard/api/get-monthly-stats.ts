/** GET /stats/monthly: the last twelve months (city time) of sessions, assessments, graduations. */
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

import { useStats, type StatsFilters } from "./stats-filters";

export type MonthStats = components["schemas"]["MonthStats"];
export const MONTHS = 12;

export function useMonthlyStats(filters: StatsFilters, enabled = true) {
  return useStats("monthly", filters, (query) => unwrap(api.GET("/api/v1/stats/monthly", { params: { query: { ...query, months: MONTHS } } })), enabled);
}
