/** GET /audit-events: newest first, filtered by action, object or actor. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { operations } from "@/lib/api/schema";

export type AuditFilters = Pick<
  NonNullable<operations["audit-list-events"]["parameters"]["query"]>,
  "action" | "object_type" | "object_id" | "actor_id"
>;

export function useAuditEvents(filters: AuditFilters, cursor: string | null) {
  return useQuery({
    queryKey: ["audit-events", filters, cursor],
    queryFn: () =>
      unwrap(api.GET("/api/v1/audit-events", { params: { query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}
