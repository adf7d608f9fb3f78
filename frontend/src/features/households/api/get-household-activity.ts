/** What hangs off a household: its action items (open/done/overdue, marked done) and its status
 * history. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

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

/** PATCH /action-items/{id}: mark a step done (If-Match: the row's version, as the API's ETag). */
export function useCompleteAction(householdId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (item: ActionItem) =>
      unwrap(
        api.PATCH("/api/v1/action-items/{item_id}", {
          params: { path: { item_id: item.id }, header: { "If-Match": `"${item.version}"` } },
          body: { status: "done" },
        }),
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ["actions", householdId] });
      void queryClient.invalidateQueries({ queryKey: ["sessions", "outlook", householdId] });
    },
  });
}
