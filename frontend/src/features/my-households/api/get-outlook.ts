/** What is coming for one of the mentor's households: the next visit agreed at the latest session
 * and the steps now overdue (a mentor holds 1-3 households, so two small calls each). */
import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

export type Outlook = { lastVisit: string | null; nextVisit: string | null; overdue: { id: string; title: string; due_date: string }[] };

export function useOutlook(householdId: string) {
  return useQuery({
    queryKey: ["sessions", "outlook", householdId],
    queryFn: async (): Promise<Outlook> => {
      const [sessions, overdue] = await Promise.all([
        unwrap(api.GET("/api/v1/mentoring-sessions", { params: { query: { household_id: householdId, limit: 1 } } })),
        unwrap(
          api.GET("/api/v1/households/{household_id}/actions", {
            params: { path: { household_id: householdId }, query: { status: "overdue", limit: 20 } },
          }),
        ),
      ]);
      const latest = sessions.items[0];
      return {
        lastVisit: latest?.occurred_at ?? null,
        nextVisit: latest?.next_visit_on ?? null,
        overdue: overdue.items.map(({ id, title, due_date }) => ({ id, title, due_date })),
      };
    },
  });
}
