/** GET /stats/overview: the dashboard's KPIs in one call; `null` on a server without stats (404). */
import { api, unwrap } from "@/lib/api/client";
import { isApiError } from "@/lib/api/problem";
import type { components } from "@/lib/api/schema";

import { useStats, type StatsFilters } from "./stats-filters";

export type Overview = components["schemas"]["Overview"];

export function useOverview(filters: StatsFilters = {}) {
  return useStats("overview", filters, async (query) => {
    try {
      return await unwrap(api.GET("/api/v1/stats/overview", { params: { query } }));
    } catch (error) {
      if (isApiError(error, 404)) return null;
      throw error;
    }
  });
}
