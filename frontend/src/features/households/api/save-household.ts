/** POST /households and PATCH /households/{id} (If-Match: the ETag the form was loaded with). */
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type HouseholdCreate = components["schemas"]["HouseholdCreate"];
export type HouseholdUpdate = components["schemas"]["HouseholdUpdate"];

export function useCreateHousehold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: HouseholdCreate) =>
      unwrap(api.POST("/api/v1/households", { body, headers: { "Idempotency-Key": crypto.randomUUID() } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["households", "list"] }),
  });
}

export function useUpdateHousehold(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, etag }: { body: HouseholdUpdate; etag: string }) =>
      unwrap(
        api.PATCH("/api/v1/households/{household_id}", {
          params: { path: { household_id: id }, header: { "If-Match": etag } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["households"] }),
  });
}
