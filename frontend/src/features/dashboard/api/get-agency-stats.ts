/** GET /stats/agencies: mentors, mentors with a household, households and visits per agency. */
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

import { useStats, type StatsFilters } from "./stats-filters";

export type AgencyStats = components["schemas"]["AgencyStats"];

export function useAgencyStats(filters: StatsFilters, enabled = true) {
  return useStats("agencies", filters, (query) => unwrap(api.GET("/api/v1/stats/agencies", { params: { query } })), enabled);
}
