/** Admin: other agencies' systems (integration clients). */
import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { PageHeader } from "@/components/page-header";
import { ClientsTable } from "@/features/integrations/components/clients-table";
import { CreateClientModal } from "@/features/integrations/components/create-client";

import { RequirePermission } from "../guards";

export function IntegrationsPage() {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <RequirePermission permission="integrations">
      <PageHeader
        title={t("integrations.title")}
        subtitle={t("integrations.subtitle")}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={open}>
            {t("integrations.new")}
          </Button>
        }
      />
      <ClientsTable />
      <CreateClientModal opened={opened} onClose={close} />
    </RequirePermission>
  );
}
