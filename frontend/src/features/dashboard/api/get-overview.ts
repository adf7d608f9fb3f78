/** GET /stats/overview: the dashboard's KPIs in one call; `null` on a server without stats (404). */
import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import { isApiError } from "@/lib/api/problem";
import type { components } from "@/lib/api/schema";

export type Overview = components["schemas"]["Overview"];

export function useOverview() {
  return useQuery({
    queryKey: ["stats", "overview"],
    queryFn: async () => {
      try {
        return await unwrap(api.GET("/api/v1/stats/overview"));
      } catch (error) {
        if (isApiError(error, 404)) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}
