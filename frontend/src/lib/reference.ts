/** Reference data every feature uses: regions, agencies, and the code lists the API validates. */
import { queryOptions, useQueries, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type Region = components["schemas"]["RegionRead"];
export type Agency = components["schemas"]["AgencyRead"];

// The code lists come from the OpenAPI document (generated), so they never drift from the API.
export {
  competencyCodeValues as TAXONOMY,
  householdCreateStatusValues as EDITABLE_STATUSES,
  householdReadStatusValues as HOUSEHOLD_STATUSES,
  memberCreateRelationshipValues as RELATIONSHIPS,
  roleValues as ROLES,
  scopeValues as SCOPES,
} from "@/lib/api/schema";

const DAY = 24 * 60 * 60_000;

const regionsQuery = (level: "kecamatan" | "kelurahan", parent?: string | null) =>
  queryOptions({
    queryKey: ["regions", level, parent ?? null],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/regions", {
          params: { query: { level, ...(parent ? { parent_code: parent } : {}) } },
        }),
      ),
    staleTime: DAY,
  });

export function useKecamatan() {
  return useQuery(regionsQuery("kecamatan"));
}

/** Kelurahan of one kecamatan, or every kelurahan of the city when `kecamatan` is null. */
export function useKelurahan(kecamatan: string | null) {
  return useQuery(regionsQuery("kelurahan", kecamatan));
}

export function useAgencies() {
  return useQuery({
    queryKey: ["agencies"],
    queryFn: () => unwrap(api.GET("/api/v1/agencies")),
    staleTime: DAY,
  });
}

/** `code -> name` for the regions or agencies loaded so far. */
export function namesOf<T extends { code: string; name: string }>(items: T[] | undefined): Map<string, string> {
  return new Map((items ?? []).map((i) => [i.code, i.name]));
}

/** Regions by code (any level), each asked for once and kept for a day: `code -> region`. */
export function useRegionsByCode(codes: readonly string[]): Map<string, Region> {
  return useQueries({
    queries: [...new Set(codes)].map((code) => ({
      queryKey: ["regions", "code", code],
      queryFn: () => unwrap(api.GET("/api/v1/regions/{code}", { params: { path: { code } } })),
      staleTime: DAY,
    })),
    combine: byCode,
  });
}

function byCode(results: { data?: Region }[]): Map<string, Region> {
  return new Map(results.flatMap((r) => (r.data ? [[r.data.code, r.data] as const] : [])));
}
