/** A webhook's signing secret right after adding it or rotating it: shown this once. */
import { useTranslation } from "react-i18next";

import { SecretOnceModal } from "@/components/secret-once";
import { formatWib } from "@/utils/format";

import type { WebhookWithSecret } from "../api/webhooks";

type Props = { webhook: WebhookWithSecret; rotated?: boolean; onClose: () => void };

export function WebhookSecretModal({ webhook, rotated = false, onClose }: Props) {
  const { t } = useTranslation();
  const note = !rotated
    ? t("webhooks.secretUsage")
    : webhook.previous_secret_expires_at
      ? t("webhooks.previousSecretUntil", { when: formatWib(webhook.previous_secret_expires_at) })
      : t("webhooks.previousSecretStopped");
  return (
    <SecretOnceModal
      title={t(rotated ? "webhooks.secretRotatedTitle" : "webhooks.secretCreatedTitle")}
      values={[{ label: t("webhooks.secret"), value: webhook.secret, testId: "webhook-secret" }]}
      note={note}
      onClose={onClose}
    />
  );
}
