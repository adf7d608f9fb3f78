/** Whether a webhook receives events, and if not why (the API's reason, in the UI's language),
 * and who registered it: an admin or an integration client, by name. */
import { Badge, Stack, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import { formatWib } from "@/utils/format";

import { useOwnerName, type Webhook } from "../api/webhooks";

/** The API writes `disabled by admin`, `disabled by client` or `the receiver answered 410 Gone
 * at …`; anything else shows as written. */
export function disabledReason(t: TFunction, reason: string | null): string | null {
  if (!reason) return null;
  if (/^disabled by client/.test(reason)) return t("webhooks.disabledByClient");
  if (/^disabled by /.test(reason)) return t("webhooks.disabledByAdmin");
  if (/\b410\b/.test(reason)) return t("webhooks.disabledGone");
  return reason;
}

export function WebhookStatus({ webhook }: { webhook: Pick<Webhook, "active" | "disabled_at" | "disabled_reason"> }) {
  const { t } = useTranslation();
  const reason = disabledReason(t, webhook.disabled_reason);
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={webhook.active ? "teal" : "gray"} variant="light" style={{ minWidth: "max-content" }}>
        {webhook.active ? t("webhooks.active") : t("webhooks.disabled")}
      </Badge>
      {!webhook.active && (reason || webhook.disabled_at) && (
        <Text size="xs" c="dimmed" data-testid="disabled-reason">
          {[reason, webhook.disabled_at && formatWib(webhook.disabled_at)].filter(Boolean).join(" · ")}
        </Text>
      )}
    </Stack>
  );
}

type OwnerProps = { webhook: Pick<Webhook, "created_by" | "owner_client_id">; size?: string; c?: string };

export function OwnerName({ webhook, size = "sm", c }: OwnerProps) {
  const { t } = useTranslation();
  const owner = useOwnerName(webhook);
  const text = owner.data
    ? t(owner.data.kind === "client" ? "webhooks.ownerClient" : "webhooks.ownerAdmin", { name: owner.data.name })
    : owner.isLoading
      ? "…"
      : t("webhooks.ownerUnknown");
  return (
    <Text size={size} c={c}>
      {text}
    </Text>
  );
}
