/** Registered clients: whose system, what it may do and where, whether it still works, when it
 * last took a token; each active one changed, rotated or revoked from its row (a card on a phone). */
import { ActionIcon, Badge, Code, Group, Menu, Stack, Table, Text } from "@mantine/core";
import { IconDots, IconKey, IconPencil, IconPlugConnectedX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ListCard } from "@/components/list-card";
import { useCursorPages } from "@/hooks/use-cursor-pages";
import { namesOf, useAgencies } from "@/lib/reference";
import { formatWib } from "@/utils/format";

import { useIntegrationClients, type IntegrationClient } from "../api/integration-clients";

import { EditAccessModal, RevokeClientModal, RotateSecretModal } from "./client-dialogs";
import { RegionNames } from "./regions";
import { ScopeBadges } from "./scopes";

type Dialog = { kind: "edit" | "rotate" | "revoke"; id: string };
type Open = (dialog: Dialog) => void;

export function ClientsTable() {
  const { t } = useTranslation();
  const pages = useCursorPages();
  const list = useIntegrationClients(pages.cursor);
  const agencyNames = namesOf(useAgencies().data?.items);
  const agencyOf = (c: IntegrationClient) => agencyNames.get(c.agency_code) ?? "…";
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);

  return (
    <>
      <ListCard
        query={list}
        pages={pages}
        empty={t("integrations.empty")}
        minWidth={1080}
        head={
          <Table.Tr>
            <Table.Th>{t("integrations.name")}</Table.Th>
            <Table.Th>{t("integrations.agency")}</Table.Th>
            <Table.Th w="30%">{t("integrations.scopes")}</Table.Th>
            <Table.Th>{t("integrations.regions")}</Table.Th>
            <Table.Th>{t("fields.status")}</Table.Th>
            <Table.Th>{t("integrations.lastToken")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        }
        row={(c: IntegrationClient) => (
          <Table.Tr key={c.id} data-testid="integration-client">
            <Table.Td>
              <ClientName client={c} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{agencyOf(c)}</Text>
            </Table.Td>
            <Table.Td>
              <ScopeBadges scopes={c.scopes} />
            </Table.Td>
            <Table.Td>
              <RegionNames codes={c.region_codes} />
            </Table.Td>
            <Table.Td>
              <ClientStatus client={c} />
            </Table.Td>
            <Table.Td>
              <LastToken client={c} />
            </Table.Td>
            <Table.Td>
              <ClientActions client={c} open={setDialog} />
            </Table.Td>
          </Table.Tr>
        )}
        card={(c: IntegrationClient) => (
          <Stack key={c.id} gap={6} p="md" data-testid="integration-client" style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <ClientName client={c} />
              <ClientActions client={c} open={setDialog} />
            </Group>
            <Text size="sm">{agencyOf(c)}</Text>
            <ScopeBadges scopes={c.scopes} />
            <RegionNames codes={c.region_codes} />
            <Group gap="xs" align="flex-start">
              <ClientStatus client={c} />
              <Text size="xs" c="dimmed">
                {t("integrations.lastToken")}: <LastToken client={c} />
              </Text>
            </Group>
          </Stack>
        )}
      />
      {dialog?.kind === "edit" && <EditAccessModal clientId={dialog.id} onClose={close} />}
      {dialog?.kind === "rotate" && <RotateSecretModal clientId={dialog.id} onClose={close} />}
      {dialog?.kind === "revoke" && <RevokeClientModal clientId={dialog.id} onClose={close} />}
    </>
  );
}

function ClientName({ client }: { client: IntegrationClient }) {
  return (
    <div>
      <Text size="sm" fw={500}>
        {client.name}
      </Text>
      <Code fz="xs">{client.client_id}</Code>
    </div>
  );
}

function ClientStatus({ client }: { client: IntegrationClient }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={client.active ? "teal" : "gray"} variant="light" style={{ minWidth: "max-content" }}>
        {client.active ? t("integrations.active") : t("integrations.revokedStatus")}
      </Badge>
      {client.revoked_at && (
        <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
          {formatWib(client.revoked_at)}
        </Text>
      )}
    </Stack>
  );
}

function LastToken({ client }: { client: IntegrationClient }) {
  const { t } = useTranslation();
  return (
    <Text span inherit style={{ whiteSpace: "nowrap" }}>
      {client.last_token_at ? formatWib(client.last_token_at) : t("integrations.never")}
    </Text>
  );
}

function ClientActions({ client, open }: { client: IntegrationClient; open: Open }) {
  const { t } = useTranslation();
  if (!client.active) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t("integrations.actionsFor", { name: client.name })}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => open({ kind: "edit", id: client.id })}>
          {t("integrations.editAccess")}
        </Menu.Item>
        <Menu.Item leftSection={<IconKey size={16} />} onClick={() => open({ kind: "rotate", id: client.id })}>
          {t("integrations.rotate")}
        </Menu.Item>
        <Menu.Item leftSection={<IconPlugConnectedX size={16} />} color="red" onClick={() => open({ kind: "revoke", id: client.id })}>
          {t("integrations.revoke")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
