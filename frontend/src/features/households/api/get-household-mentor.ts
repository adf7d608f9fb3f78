/** The household's active assignment and its mentor (two calls: the detail does not carry them). */
import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

export function useActiveAssignment(householdId: string) {
  return useQuery({
    queryKey: ["assignments", "active-of", householdId],
    queryFn: async () => {
      const page = await unwrap(
        api.GET("/api/v1/assignments", {
          params: { query: { household_id: householdId, status: "active", limit: 1 } },
        }),
      );
      const assignment = page.items[0] ?? null;
      if (!assignment) return null;
      const mentor = await unwrap(
        api.GET("/api/v1/mentors/{mentor_id}", { params: { path: { mentor_id: assignment.mentor_id } } }),
      ).catch(() => null);
      return { assignment, mentor };
    },
  });
}
