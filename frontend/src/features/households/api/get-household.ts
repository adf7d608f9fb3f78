/** GET /households/{id} (members included), masked unless revealed; keeps the ETag for edits. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { api, unwrapWithEtag } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type Household = components["schemas"]["HouseholdRead"];
export type Member = components["schemas"]["MemberRead"];

export const householdQuery = (id: string, reveal = false) =>
  queryOptions({
    queryKey: ["households", "detail", id, reveal],
    queryFn: () =>
      unwrapWithEtag(
        api.GET("/api/v1/households/{household_id}", {
          params: { path: { household_id: id }, query: reveal ? { reveal: "nik" } : {} },
        }),
      ),
    // Revealed identifiers are audited per request and must not linger in the cache (nor be
    // written to the device: gcTime 0 keeps a query out of the offline store).
    ...(reveal ? { gcTime: 0, staleTime: Infinity } : { staleTime: 30_000 }),
  });

export function useHousehold(id: string, reveal = false) {
  return useQuery(householdQuery(id, reveal));
}
