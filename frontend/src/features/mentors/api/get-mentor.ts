/** GET /mentors/{id} and the mentor's assignments (active first). */
import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type Mentor = components["schemas"]["MentorRead"];

export function useMentor(id: string, reveal = false) {
  return useQuery({
    queryKey: ["mentors", "detail", id, reveal],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/mentors/{mentor_id}", {
          params: { path: { mentor_id: id }, query: reveal ? { reveal: "nip" } : {} },
        }),
      ),
    gcTime: reveal ? 0 : 5 * 60_000,
  });
}

export function useMentorAssignments(mentorId: string) {
  return useQuery({
    queryKey: ["assignments", "of-mentor", mentorId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/assignments", { params: { query: { mentor_id: mentorId, limit: 50 } } })),
  });
}
