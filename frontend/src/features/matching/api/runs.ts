/** /matching-runs: list, start, watch (polls while queued or running), approve, discard. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components, operations } from "@/lib/api/schema";

export type Run = components["schemas"]["MatchingRunRead"];
export type RunCreate = components["schemas"]["MatchingRunCreate"];
export type Proposal = components["schemas"]["ProposalRead"];
export type ProposalFilters = Pick<
  NonNullable<operations["matching-list-proposals"]["parameters"]["query"]>,
  "kecamatan" | "agency" | "change"
>;

const POLL_MS = 1500;
export const isWorking = (run: Pick<Run, "status"> | undefined) => run?.status === "queued" || run?.status === "running";

export function useRuns(cursor: string | null) {
  return useQuery({
    queryKey: ["matching-runs", "list", cursor],
    queryFn: () =>
      unwrap(api.GET("/api/v1/matching-runs", { params: { query: { limit: 20, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some(isWorking) ? POLL_MS : false),
  });
}

export function useRun(id: string) {
  return useQuery({
    queryKey: ["matching-runs", "detail", id],
    queryFn: () => unwrap(api.GET("/api/v1/matching-runs/{run_id}", { params: { path: { run_id: id } } })),
    refetchInterval: (query) => (isWorking(query.state.data) ? POLL_MS : false),
  });
}

export function useProposals(id: string, filters: ProposalFilters, cursor: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ["matching-runs", "proposals", id, filters, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/matching-runs/{run_id}/proposals", {
          params: { path: { run_id: id }, query: { ...filters, limit: 25, include_total: true, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUnmatched(id: string, cursor: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ["matching-runs", "unmatched", id, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/matching-runs/{run_id}/unmatched", {
          params: { path: { run_id: id }, query: { limit: 25, include_total: true, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useStartRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RunCreate) =>
      unwrap(api.POST("/api/v1/matching-runs", { body, headers: { "Idempotency-Key": crypto.randomUUID() } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["matching-runs", "list"] }),
  });
}

/** Approve or discard the run as reviewed: If-Match carries the version on screen. */
export function useDecideRun(decision: "approve" | "discard") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (run: Run) => {
      const options = { params: { path: { run_id: run.id }, header: { "If-Match": `"${run.version}"` } } };
      return unwrap(
        decision === "approve"
          ? api.POST("/api/v1/matching-runs/{run_id}/approve", options)
          : api.POST("/api/v1/matching-runs/{run_id}/discard", options),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["matching-runs"] }),
  });
}
