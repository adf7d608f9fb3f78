/** GET /households: one keyset page with the table's filters. */
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { operations } from "@/lib/api/schema";

export type HouseholdFilters = Pick<
  NonNullable<operations["households-list"]["parameters"]["query"]>,
  "kecamatan" | "kelurahan" | "status" | "desil" | "need" | "q"
>;

export const PAGE_SIZE = 25;

export const householdsQuery = (filters: HouseholdFilters, cursor: string | null) =>
  queryOptions({
    queryKey: ["households", "list", filters, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/households", {
          params: { query: { ...filters, limit: PAGE_SIZE, include_total: true, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

export function useHouseholds(filters: HouseholdFilters, cursor: string | null) {
  return useQuery(householdsQuery(filters, cursor));
}
