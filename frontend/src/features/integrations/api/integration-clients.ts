/**
 * /integration-clients (admin): list, read one with its ETag, register, change its access, rotate
 * its secret, revoke it. Changes send back as If-Match the ETag of the copy the admin looked at.
 */
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap, unwrapWithEtag } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type IntegrationClient = components["schemas"]["IntegrationClientRead"];
export type IntegrationClientWithSecret = components["schemas"]["IntegrationClientWithSecret"];
export type IntegrationClientCreate = components["schemas"]["IntegrationClientCreate"];
export type IntegrationClientUpdate = components["schemas"]["IntegrationClientUpdate"];
export type Scope = components["schemas"]["Scope"];

/** A copy of one client and the ETag it was read with. */
export type ClientCopy = { data: IntegrationClient; etag: string };

const KEY = "integration-clients";

export function useIntegrationClients(cursor: string | null) {
  return useQuery({
    queryKey: [KEY, "list", cursor],
    queryFn: () =>
      unwrap(api.GET("/api/v1/integration-clients", { params: { query: { limit: 25, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}

const clientQuery = (id: string) =>
  queryOptions({
    queryKey: [KEY, "detail", id],
    queryFn: () => unwrapWithEtag(api.GET("/api/v1/integration-clients/{client_id}", { params: { path: { client_id: id } } })),
    // Dropped when its dialog closes: the next dialog reads the client (and its ETag) afresh.
    gcTime: 0,
  });

/** One client, read afresh when a dialog opens, so a change goes back with its current ETag. */
export function useIntegrationClient(id: string) {
  return useQuery(clientQuery(id));
}

export function useCreateIntegrationClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: IntegrationClientCreate) =>
      unwrap(api.POST("/api/v1/integration-clients", { body, headers: { "Idempotency-Key": crypto.randomUUID() } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [KEY] }),
  });
}

const target = (copy: ClientCopy) => ({ path: { client_id: copy.data.id }, header: { "If-Match": copy.etag } });

/** A change to one client. The list reloads after it, not awaited, so the dialog's own callbacks
 * run at once; the dialog reloads its copy itself when the change was refused as stale. */
function useClientChange<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => void queryClient.invalidateQueries({ queryKey: [KEY, "list"] }) });
}

export function useUpdateIntegrationClient() {
  return useClientChange(({ copy, body }: { copy: ClientCopy; body: IntegrationClientUpdate }) =>
    unwrap(api.PATCH("/api/v1/integration-clients/{client_id}", { params: target(copy), body })),
  );
}

export function useRotateClientSecret() {
  return useClientChange(({ copy, graceHours }: { copy: ClientCopy; graceHours: number }) =>
    unwrap(
      api.POST("/api/v1/integration-clients/{client_id}/rotate-secret", {
        params: target(copy),
        body: { grace_hours: graceHours },
      }),
    ),
  );
}

export function useRevokeIntegrationClient() {
  return useClientChange((copy: ClientCopy) =>
    unwrap(api.DELETE("/api/v1/integration-clients/{client_id}", { params: target(copy) })),
  );
}
