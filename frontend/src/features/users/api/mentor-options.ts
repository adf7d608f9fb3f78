/** Mentors matching a typed name, for linking a mentor account to its mentor record. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

export function useMentorOptions(search: string) {
  return useQuery({
    queryKey: ["mentors", "options", search],
    queryFn: () =>
      unwrap(api.GET("/api/v1/mentors", { params: { query: { limit: 20, ...(search ? { q: search } : {}) } } })),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
