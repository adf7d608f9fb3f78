/** POST /households/{id}/graduate: the verifier confirms the latest, ready assessment (If-Match). */
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

export function useGraduate(householdId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ assessmentId, etag, note }: { assessmentId: string; etag: string; note?: string }) =>
      unwrap(
        api.POST("/api/v1/households/{household_id}/graduate", {
          params: { path: { household_id: householdId }, header: { "If-Match": etag } },
          body: { assessment_id: assessmentId, note: note?.trim() || null },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["households"] });
      void queryClient.invalidateQueries({ queryKey: ["history", householdId] });
    },
  });
}
