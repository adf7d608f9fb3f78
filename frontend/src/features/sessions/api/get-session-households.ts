/** Who a page of sessions is about: each household's head and current mentor, one call per
 * household (the session rows carry ids only; a page has at most PAGE_SIZE distinct households). */
import { useQueries } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

export type HouseholdLabel = { headName: string; mentorName: string | null; mentorId: string | null };

export function useSessionHouseholds(householdIds: string[]): Map<string, HouseholdLabel> {
  const ids = [...new Set(householdIds)];
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: ["sessions", "household-label", id],
      queryFn: async (): Promise<HouseholdLabel> => {
        const h = await unwrap(api.GET("/api/v1/households/{household_id}", { params: { path: { household_id: id } } }));
        const a = h.active_assignment ?? null;
        return { headName: h.head_name, mentorName: a?.mentor_name ?? null, mentorId: a?.mentor_id ?? null };
      },
      staleTime: 5 * 60_000,
    })),
  });
  const out = new Map<string, HouseholdLabel>();
  ids.forEach((id, i) => {
    const data = results[i]?.data;
    if (data) out.set(id, data);
  });
  return out;
}
