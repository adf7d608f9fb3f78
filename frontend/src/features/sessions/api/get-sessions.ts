/** GET /mentoring-sessions: a keyset page with filters, and a household's timeline page by page. */
import { keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components, operations } from "@/lib/api/schema";

export type Session = components["schemas"]["SessionRead"];
export type SessionFilters = Pick<
  NonNullable<operations["mentoring-sessions-list"]["parameters"]["query"]>,
  "household_id" | "kecamatan" | "status" | "flagged" | "from" | "to"
>;

export const PAGE_SIZE = 20;

export const sessionsQuery = (filters: SessionFilters, cursor: string | null) =>
  queryOptions({
    queryKey: ["sessions", "list", filters, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/mentoring-sessions", {
          params: { query: { ...filters, limit: PAGE_SIZE, include_total: true, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

export function useSessions(filters: SessionFilters, cursor: string | null) {
  return useQuery(sessionsQuery(filters, cursor));
}

/** The household's sessions, latest first; "more" appends the next page. */
export function useHouseholdSessions(householdId: string) {
  return useInfiniteQuery({
    queryKey: ["sessions", "household", householdId],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/mentoring-sessions", {
          params: { query: { household_id: householdId, limit: 5, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}
