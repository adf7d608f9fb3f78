/** Admin: other agencies' systems, in two tabs under one nav entry (Integrasi): the integration
 * clients that call Bina, and the webhooks Bina calls (often those same systems' receivers);
 * and one webhook's page with its deliveries. */
import { Button, Tabs } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlugConnected, IconPlus, IconWebhook } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";

import { PageHeader } from "@/components/page-header";
import { ClientsTable } from "@/features/integrations/components/clients-table";
import { CreateClientModal } from "@/features/integrations/components/create-client";
import { CreateWebhookModal } from "@/features/webhooks/components/create-webhook";
import { WebhookDetail } from "@/features/webhooks/components/webhook-detail";
import { WebhooksTable } from "@/features/webhooks/components/webhooks-table";

import { RequirePermission } from "../guards";

const CLIENTS = "/admin/integrations";
const WEBHOOKS = "/admin/integrations/webhooks";
const webhookPath = (id: string) => `${WEBHOOKS}/${id}`;

type Tab = "clients" | "webhooks";

function IntegrationsFrame({ tab, onNew }: { tab: Tab; onNew: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        title={t("integrations.title")}
        subtitle={tab === "clients" ? t("integrations.subtitle") : t("webhooks.subtitle")}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={onNew}>
            {tab === "clients" ? t("integrations.new") : t("webhooks.new")}
          </Button>
        }
      />
      <Tabs value={tab} onChange={(v) => void navigate(v === "webhooks" ? WEBHOOKS : CLIENTS)} mb="md">
        <Tabs.List>
          <Tabs.Tab value="clients" leftSection={<IconPlugConnected size={16} />}>
            {t("integrations.tabs.clients")}
          </Tabs.Tab>
          <Tabs.Tab value="webhooks" leftSection={<IconWebhook size={16} />}>
            {t("integrations.tabs.webhooks")}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
    </>
  );
}

export function IntegrationsPage() {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <RequirePermission permission="integrations">
      <IntegrationsFrame tab="clients" onNew={open} />
      <ClientsTable />
      <CreateClientModal opened={opened} onClose={close} />
    </RequirePermission>
  );
}

export function WebhooksPage() {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <RequirePermission permission="integrations">
      <IntegrationsFrame tab="webhooks" onNew={open} />
      <WebhooksTable detailPath={webhookPath} />
      <CreateWebhookModal opened={opened} onClose={close} />
    </RequirePermission>
  );
}

export function WebhookPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  return (
    <RequirePermission permission="integrations">
      <WebhookDetail id={id} listPath={WEBHOOKS} onDeleted={() => void navigate(WEBHOOKS)} />
    </RequirePermission>
  );
}
