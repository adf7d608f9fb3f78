/** A client's credentials right after registering or rotating: shown this once. */
import { useTranslation } from "react-i18next";

import { SecretOnceModal } from "@/components/secret-once";
import { formatWib } from "@/utils/format";

import type { IntegrationClientWithSecret } from "../api/integration-clients";

type Props = { client: IntegrationClientWithSecret; rotated?: boolean; onClose: () => void };

export function ClientSecretModal({ client, rotated = false, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <SecretOnceModal
      title={t(rotated ? "integrations.secretRotatedTitle" : "integrations.secretCreatedTitle", { name: client.name })}
      values={[
        { label: t("integrations.clientId"), value: client.client_id, testId: "client-id" },
        { label: t("integrations.clientSecret"), value: client.client_secret, testId: "client-secret" },
      ]}
      note={!rotated ? t("integrations.secretUsage") : client.previous_secret_expires_at
          ? t("integrations.previousSecretUntil", { when: formatWib(client.previous_secret_expires_at) })
          : t("integrations.previousSecretStopped")}
      onClose={onClose}
    />
  );
}
