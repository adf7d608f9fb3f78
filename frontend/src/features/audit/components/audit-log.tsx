/** The audit trail: who did what to which object, when; never any personal data. */
import { Badge, Code, Grid, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { SearchInput } from "@/components/filter-inputs";
import { ListCard } from "@/components/list-card";
import { useListFilters } from "@/hooks/use-list-filters";
import { formatDateTime } from "@/utils/format";

import { useAuditEvents, type AuditFilters } from "../api/get-audit-events";

export function AuditLog() {
  const { t } = useTranslation();
  const { filters, set, pages } = useListFilters<AuditFilters>({});
  const list = useAuditEvents(filters, pages.cursor);
  return (
    <>
      <Grid gap="sm" mb="md">
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <SearchInput label={t("audit.action")} placeholder="household.update" onSearch={(action) => set({ action })} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4 }}>
          <SearchInput label={t("audit.objectType")} placeholder="household" onSearch={(object_type) => set({ object_type })} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4 }}>
          <SearchInput label={t("audit.objectId")} onSearch={(object_id) => set({ object_id })} />
        </Grid.Col>
      </Grid>
      <ListCard
        query={list}
        pages={pages}
        empty={t("audit.empty")}
        minWidth={860}
        head={
          <Table.Tr>
            <Table.Th>{t("audit.when")}</Table.Th>
            <Table.Th>{t("audit.action")}</Table.Th>
            <Table.Th>{t("audit.actor")}</Table.Th>
            <Table.Th>{t("audit.object")}</Table.Th>
            <Table.Th>{t("audit.detail")}</Table.Th>
          </Table.Tr>
        }
        row={(e) => (
          <Table.Tr key={e.id}>
            <Table.Td>
              <Text size="sm">{formatDateTime(e.occurred_at)}</Text>
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color={/denied|failed|reuse/.test(e.action) ? "red" : "blue"} tt="none">
                {e.action}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{e.actor_name ?? "—"}</Text>
              <Text size="xs" c="dimmed">
                {e.actor_role ? t(`role.${e.actor_role}`, { defaultValue: e.actor_role }) : ""}
                {e.actor_email ? ` · ${e.actor_email}` : ""}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{e.object_type}</Text>
              <Text size="xs" c="dimmed" ff="monospace">
                {e.object_id ?? ""}
              </Text>
            </Table.Td>
            <Table.Td>{e.detail && Object.keys(e.detail).length > 0 ? <Code>{JSON.stringify(e.detail)}</Code> : "—"}</Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
