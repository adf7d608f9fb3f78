/** Dashboard numbers: totals the current API gives, and the stats API once it exists. */
import { useQuery } from "@tanstack/react-query";

import { api, getUntyped, unwrap } from "@/lib/api/client";
import { isApiError } from "@/lib/api/problem";
import { HOUSEHOLD_STATUSES } from "@/lib/reference";

const count = async (call: Promise<{ data?: { total?: number | null }; error?: unknown; response: Response }>) =>
  (await unwrap(call)).total ?? 0;

/** Households per status, mentors and active assignments: one small counted page each. */
export function useTotals() {
  return useQuery({
    queryKey: ["dashboard", "totals"],
    queryFn: async () => {
      const page = { limit: 1, include_total: true } as const;
      const [mentors, assignments, ...byStatus] = await Promise.all([
        count(api.GET("/api/v1/mentors", { params: { query: page } })),
        count(api.GET("/api/v1/assignments", { params: { query: { ...page, status: "active" } } })),
        ...HOUSEHOLD_STATUSES.map((status) => count(api.GET("/api/v1/households", { params: { query: { ...page, status } } }))),
      ]);
      const statuses = HOUSEHOLD_STATUSES.map((status, i) => ({ status, count: byStatus[i] ?? 0 }));
      const households = statuses.reduce((sum, s) => sum + s.count, 0);
      return { households, mentors, assignments, statuses };
    },
    staleTime: 60_000,
  });
}

export type Overview = Record<string, unknown>;

/** GET /stats/overview; `null` while the endpoint does not exist on this server (404). */
export function useStatsOverview() {
  return useQuery({
    queryKey: ["stats", "overview"],
    queryFn: async () => {
      try {
        return await getUntyped<Overview>("/api/v1/stats/overview");
      } catch (error) {
        if (isApiError(error, 404)) return null;
        throw error;
      }
    },
    retry: false,
    staleTime: 60_000,
  });
}
