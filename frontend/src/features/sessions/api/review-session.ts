/** POST /mentoring-sessions/{id}/verify or /reject, with If-Match from the version the reviewer saw. */
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

import type { Session } from "./get-sessions";

export type Review = { session: Session; decision: "verify" | "reject"; text?: string };

/** A list row carries no ETag header; the API's ETag is the row version in quotes. */
export const etagOf = (session: Pick<Session, "version">) => `"${session.version}"`;

export function useReviewSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ session, decision, text }: Review) => {
      const params = { path: { session_id: session.id }, header: { "If-Match": etagOf(session) } };
      return unwrap(
        decision === "verify"
          ? api.POST("/api/v1/mentoring-sessions/{session_id}/verify", { params, body: { note: text?.trim() || null } })
          : api.POST("/api/v1/mentoring-sessions/{session_id}/reject", { params, body: { reason: text?.trim() ?? "" } }),
      );
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["sessions"] }),
  });
}
