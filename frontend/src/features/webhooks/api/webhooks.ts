/**
 * /webhooks (admin): list, read one with its ETag, subscribe, enable/disable, rotate its secret,
 * delete it; its deliveries, sent again one by one, and a test event. Changes send back as
 * If-Match the ETag of the copy the admin is looking at.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap, unwrapWithEtag } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type Webhook = components["schemas"]["WebhookRead"];
export type WebhookWithSecret = components["schemas"]["WebhookWithSecret"];
export type WebhookCreate = components["schemas"]["WebhookCreate"];
export type EventType = WebhookCreate["event_types"][number];
export type Delivery = components["schemas"]["DeliveryRead"];
export type DeliveryStatus = Delivery["status"];

/** A copy of one webhook and the ETag it was read with. */
export type WebhookCopy = { data: Webhook; etag: string };

const KEY = "webhooks";
const PAGE = 25;

export function useWebhooks(cursor: string | null) {
  return useQuery({
    queryKey: [KEY, "list", cursor],
    queryFn: () => unwrap(api.GET("/api/v1/webhooks", { params: { query: { limit: PAGE, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}

export function useWebhook(id: string) {
  return useQuery({
    queryKey: [KEY, "detail", id],
    queryFn: () => unwrapWithEtag(api.GET("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } } })),
  });
}

/** Whether a delivery is being tried now or within the minute (a later retry is not waited for). */
const trying = (d: Delivery) => d.status === "pending" && (!d.next_attempt_at || Date.parse(d.next_attempt_at) - Date.now() < 60_000);

/** Its deliveries, newest first; reloaded every few seconds while one is being tried, every
 * half minute while one waits for a later retry. */
export function useDeliveries(id: string, cursor: string | null) {
  return useQuery({
    queryKey: [KEY, "deliveries", id, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/webhooks/{webhook_id}/deliveries", {
          params: { path: { webhook_id: id }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: ({ state }) =>
      state.data?.items.some(trying) ? 3000 : state.data?.items.some((d) => d.status === "pending") ? 30_000 : false,
  });
}

/** Who registered it: an admin (by the user's name) or an integration client (by its name). */
export function useOwnerName(webhook: Pick<Webhook, "created_by" | "owner_client_id">) {
  const { created_by: userId, owner_client_id: clientId } = webhook;
  return useQuery({
    queryKey: [KEY, "owner", clientId ?? userId],
    queryFn: async () => {
      if (clientId) {
        const client = await unwrap(api.GET("/api/v1/integration-clients/{client_id}", { params: { path: { client_id: clientId } } }));
        return { kind: "client" as const, name: client.name };
      }
      const user = await unwrap(api.GET("/api/v1/users/{user_id}", { params: { path: { user_id: userId ?? "" } } }));
      return { kind: "admin" as const, name: user.name };
    },
    enabled: Boolean(clientId ?? userId),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WebhookCreate) =>
      unwrap(api.POST("/api/v1/webhooks", { body, headers: { "Idempotency-Key": crypto.randomUUID() } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [KEY, "list"] }),
  });
}

const target = (copy: WebhookCopy) => ({ path: { webhook_id: copy.data.id }, header: { "If-Match": copy.etag } });

/** A change to one webhook: afterwards (or when refused as stale) its copy and the list reload. */
function useWebhookChange<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => void queryClient.invalidateQueries({ queryKey: [KEY] }) });
}

export function useSetWebhookActive() {
  return useWebhookChange(({ copy, active }: { copy: WebhookCopy; active: boolean }) =>
    unwrap(api.PATCH("/api/v1/webhooks/{webhook_id}", { params: target(copy), body: { active } })),
  );
}

export function useRotateWebhookSecret() {
  return useWebhookChange(({ copy, graceHours }: { copy: WebhookCopy; graceHours: number }) =>
    unwrap(api.POST("/api/v1/webhooks/{webhook_id}/rotate-secret", { params: target(copy), body: { grace_hours: graceHours } })),
  );
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (copy: WebhookCopy) => unwrap(api.DELETE("/api/v1/webhooks/{webhook_id}", { params: target(copy) })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [KEY, "list"] }),
    onError: () => void queryClient.invalidateQueries({ queryKey: [KEY] }),
  });
}

export function useSendTest() {
  return useWebhookChange((id: string) =>
    unwrap(api.POST("/api/v1/webhooks/{webhook_id}/test", { params: { path: { webhook_id: id } } })),
  );
}

export function useRedeliver() {
  return useWebhookChange((delivery: Pick<Delivery, "id" | "webhook_id">) =>
    unwrap(
      api.POST("/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", {
        params: { path: { webhook_id: delivery.webhook_id, delivery_id: delivery.id } },
      }),
    ),
  );
}
