/** What hangs off a household: its action items (open/done/overdue) and its status history. */
import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type ActionItem = components["schemas"]["ActionItemRead"];
export type StatusChange = components["schemas"]["StatusChangeRead"];

export function useHouseholdActions(householdId: string) {
  return useQuery({
    queryKey: ["actions", householdId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/households/{household_id}/actions", {
          params: { path: { household_id: householdId }, query: { limit: 50 } },
        }),
      ),
  });
}

export function useHouseholdHistory(householdId: string) {
  return useQuery({
    queryKey: ["history", householdId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/households/{household_id}/history", {
          params: { path: { household_id: householdId }, query: { limit: 50 } },
        }),
      ),
  });
}
