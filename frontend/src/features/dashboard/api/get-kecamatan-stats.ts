/** GET /stats/kecamatan: coverage, visits and graduations per kecamatan, for the map and chart. */
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

import { useStats, type StatsFilters } from "./stats-filters";

export type KecamatanStats = components["schemas"]["KecamatanStats"];

export function useKecamatanStats(filters: StatsFilters, enabled = true) {
  return useStats("kecamatan", filters, (query) => unwrap(api.GET("/api/v1/stats/kecamatan", { params: { query } })), enabled);
}
