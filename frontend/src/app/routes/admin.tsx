/** Admin: users and the audit log. */
import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconUserPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { PageHeader } from "@/components/page-header";
import { AuditLog } from "@/features/audit/components/audit-log";
import { CreateUserModal } from "@/features/users/components/create-user";
import { UsersTable } from "@/features/users/components/users-table";

import { RequirePermission } from "../guards";

export function UsersPage() {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <RequirePermission permission="users">
      <PageHeader
        title={t("users.title")}
        subtitle={t("users.subtitle")}
        actions={
          <Button leftSection={<IconUserPlus size={16} />} onClick={open}>
            {t("users.new")}
          </Button>
        }
      />
      <UsersTable />
      <CreateUserModal opened={opened} onClose={close} />
    </RequirePermission>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  return (
    <RequirePermission permission="audit">
      <PageHeader title={t("audit.title")} subtitle={t("audit.subtitle")} />
      <AuditLog />
    </RequirePermission>
  );
}
