/** POST /mentoring-sessions with a client-chosen id: a resend after a lost answer is the same visit. */
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type SessionCreate = components["schemas"]["SessionCreate"] & { id: string };

export function useCreateSession() {
  const queryClient = useQueryClient();
  return useMutation({
    // 201 the first time, 200 when the API already has this id with this body: both are success.
    mutationFn: (body: SessionCreate) => unwrap(api.POST("/api/v1/mentoring-sessions", { body })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ["sessions"] });
      void queryClient.invalidateQueries({ queryKey: ["households"] });
      void queryClient.invalidateQueries({ queryKey: ["actions", saved.household_id] });
    },
  });
}
