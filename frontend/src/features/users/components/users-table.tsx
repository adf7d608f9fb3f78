/** Users: search and filter, change a role (with its scope), deactivate; create from the page. */
import { Badge, Button, Grid, Group, Table, Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { IconShieldCog, IconUserOff } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { BooleanFilter, FilterSelect, SearchInput } from "@/components/filter-inputs";
import { ListCard } from "@/components/list-card";
import { notifyFailure } from "@/components/states";
import { useListFilters } from "@/hooks/use-list-filters";
import { useUser } from "@/lib/auth/auth";
import { ROLES } from "@/lib/reference";

import { useDeactivateUser, useUsers, type User, type UserFilters } from "../api/users";

import { ChangeRoleModal } from "./change-role";

export function UsersTable() {
  const { t } = useTranslation();
  const me = useUser();
  const { filters, set, pages } = useListFilters<UserFilters>({});
  const list = useUsers(filters, pages.cursor);
  const deactivate = useDeactivateUser();
  const [editing, setEditing] = useState<User | null>(null);

  const confirmDeactivate = (user: User) =>
    modals.openConfirmModal({
      title: t("users.deactivateTitle"),
      children: <Text size="sm">{t("users.deactivateBody", { name: user.name })}</Text>,
      labels: { confirm: t("users.deactivate"), cancel: t("common.cancel") },
      confirmProps: { color: "red" },
      onConfirm: () =>
        deactivate.mutate(user, {
          onSuccess: () => notifications.show({ color: "teal", message: t("users.deactivated") }),
          onError: (error) => notifyFailure(t, error),
        }),
    });

  const manageable = (u: User) => u.active && u.id !== me?.id;
  return (
    <>
      <Grid gap="sm" mb="md">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <SearchInput label={t("users.search")} onSearch={(q) => set({ q })} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <FilterSelect<NonNullable<UserFilters["role"]>>
            label={t("fields.role")}
            data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            value={filters.role}
            onChange={(role) => set({ role })}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <BooleanFilter label={t("fields.active")} yes={t("users.activeYes")} no={t("users.activeNo")} value={filters.active} onChange={(active) => set({ active })} />
        </Grid.Col>
      </Grid>
      <ListCard
        query={list}
        pages={pages}
        empty={t("users.empty")}
        minWidth={860}
        head={
          <Table.Tr>
            <Table.Th>{t("fields.name")}</Table.Th>
            <Table.Th>{t("fields.role")}</Table.Th>
            <Table.Th>{t("fields.scope")}</Table.Th>
            <Table.Th>{t("fields.active")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        }
        row={(u) => (
          <Table.Tr key={u.id}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {u.name}
              </Text>
              <Text size="xs" c="dimmed">
                {u.email}
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color="blue" tt="none">
                {t(`role.${u.role}`)}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{u.agency_code ?? u.region_code ?? (u.mentor_id ? t("role.mentor") : t("users.wholeCity"))}</Text>
            </Table.Td>
            <Table.Td>
              <Badge color={u.active ? "teal" : "gray"} variant="light">
                {u.active ? t("users.activeYes") : t("users.activeNo")}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Group gap={4} justify="flex-end" wrap="nowrap">
                {manageable(u) && me?.role === "admin" && (
                  <Button size="xs" variant="subtle" leftSection={<IconShieldCog size={14} />} onClick={() => setEditing(u)}>
                    {t("users.changeRole")}
                  </Button>
                )}
                {manageable(u) && (
                  <Button size="xs" variant="subtle" color="red" leftSection={<IconUserOff size={14} />} onClick={() => confirmDeactivate(u)}>
                    {t("users.deactivate")}
                  </Button>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        )}
      />
      {editing && <ChangeRoleModal user={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
