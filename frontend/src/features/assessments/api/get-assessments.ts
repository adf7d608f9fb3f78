/** GET /households/{id}/assessments: latest first, each with its graduation readiness. */
import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type Assessment = components["schemas"]["AssessmentRead"];

export function useAssessments(householdId: string) {
  return useQuery({
    queryKey: ["assessments", householdId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/households/{household_id}/assessments", {
          params: { path: { household_id: householdId }, query: { limit: 10 } },
        }),
      ),
  });
}
