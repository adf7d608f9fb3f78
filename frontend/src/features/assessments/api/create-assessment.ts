/** POST /households/{id}/assessments (Idempotency-Key per form, so a resend records it once). */
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type AssessmentCreate = components["schemas"]["AssessmentCreate"];

export function useCreateAssessment(householdId: string, idempotencyKey: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssessmentCreate) =>
      unwrap(
        api.POST("/api/v1/households/{household_id}/assessments", {
          params: { path: { household_id: householdId } },
          body,
          headers: { "Idempotency-Key": idempotencyKey },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["assessments", householdId] }),
  });
}
