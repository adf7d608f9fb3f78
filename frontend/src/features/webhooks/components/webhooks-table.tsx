/** Webhooks: where each sends, which events, whether it is active (and why not), whose it is;
 * each opens its detail with the deliveries (a card of its own on a phone). */
import { Anchor, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { ListCard } from "@/components/list-card";
import { useCursorPages } from "@/hooks/use-cursor-pages";
import { formatWib } from "@/utils/format";

import { useWebhooks, type Webhook } from "../api/webhooks";

import { EventTypeBadges } from "./event-types";
import { OwnerName, WebhookStatus } from "./webhook-status";

/** Where a webhook's detail page is: the app passes it in (features do not know the routes). */
type Props = { detailPath: (id: string) => string };

export function WebhooksTable({ detailPath }: Props) {
  const { t } = useTranslation();
  const pages = useCursorPages();
  const list = useWebhooks(pages.cursor);
  return (
    <ListCard
      query={list}
      pages={pages}
      empty={t("webhooks.empty")}
      minWidth={1000}
      head={
        <Table.Tr>
          <Table.Th w="30%">{t("webhooks.url")}</Table.Th>
          <Table.Th w="30%">{t("webhooks.eventTypes")}</Table.Th>
          <Table.Th>{t("fields.status")}</Table.Th>
          <Table.Th>{t("webhooks.owner")}</Table.Th>
          <Table.Th>{t("webhooks.created_at")}</Table.Th>
        </Table.Tr>
      }
      row={(w: Webhook) => (
        <Table.Tr key={w.id} data-testid="webhook">
          <Table.Td>
            <WebhookName webhook={w} to={detailPath(w.id)} />
          </Table.Td>
          <Table.Td>
            <EventTypeBadges types={w.event_types} />
          </Table.Td>
          <Table.Td>
            <WebhookStatus webhook={w} />
          </Table.Td>
          <Table.Td>
            <OwnerName webhook={w} />
          </Table.Td>
          <Table.Td>
            <Text size="sm" style={{ whiteSpace: "nowrap" }}>
              {formatWib(w.created_at)}
            </Text>
          </Table.Td>
        </Table.Tr>
      )}
      card={(w: Webhook) => (
        <Stack key={w.id} gap={6} p="md" data-testid="webhook" style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}>
          <WebhookName webhook={w} to={detailPath(w.id)} />
          <EventTypeBadges types={w.event_types} />
          <WebhookStatus webhook={w} />
          <OwnerName webhook={w} size="xs" c="dimmed" />
          <Text size="xs" c="dimmed">
            {t("webhooks.created_at")}: {formatWib(w.created_at)}
          </Text>
        </Stack>
      )}
    />
  );
}

function WebhookName({ webhook, to }: { webhook: Webhook; to: string }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Anchor component={Link} to={to} size="sm" fw={500} style={{ wordBreak: "break-all" }}>
        {webhook.url}
      </Anchor>
      {webhook.description && (
        <Text size="xs" c="dimmed">
          {webhook.description}
        </Text>
      )}
    </div>
  );
}
