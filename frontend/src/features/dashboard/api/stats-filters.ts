/** The dashboard's filters (kecamatan, agency), kept in the address so a reload or a shared link
 * shows the same numbers, and the query every /stats call shares: keyed by those filters, the
 * previous numbers stay on screen while a new filter loads. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { useSearchParams } from "react-router";

export type StatsFilters = { kecamatan?: string; agency?: string };

/** Query parameters for /stats/*: only the filters that are set. */
export function statsQuery(filters: StatsFilters): StatsFilters {
  return {
    ...(filters.kecamatan ? { kecamatan: filters.kecamatan } : {}),
    ...(filters.agency ? { agency: filters.agency } : {}),
  };
}

/** `enabled: false` holds the call back (the dashboard asks for the KPIs first). */
export function useStats<T>(name: string, filters: StatsFilters, fetch: (query: StatsFilters) => Promise<T>, enabled = true) {
  const query = statsQuery(filters);
  return useQuery({
    queryKey: ["stats", name, query],
    queryFn: () => fetch(query),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useStatsFilters() {
  const [params, setParams] = useSearchParams();
  const filters: StatsFilters = {
    kecamatan: params.get("kecamatan") ?? undefined,
    agency: params.get("agency") ?? undefined,
  };
  const set = useCallback(
    (patch: StatsFilters) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { filters, set };
}
