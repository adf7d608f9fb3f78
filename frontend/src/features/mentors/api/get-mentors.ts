/** GET /mentors: one keyset page with the table's filters. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { operations } from "@/lib/api/schema";

export type MentorFilters = Pick<
  NonNullable<operations["mentors-list"]["parameters"]["query"]>,
  "q" | "agency" | "kecamatan" | "competency" | "employment_type" | "available" | "status"
>;

export function useMentors(filters: MentorFilters, cursor: string | null) {
  return useQuery({
    queryKey: ["mentors", "list", filters, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/mentors", {
          params: { query: { ...filters, limit: 25, include_total: true, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
