/** A webhook's deliveries, newest first: the event, how it went (coloured), the receiver's HTTP
 * status, the attempts, the next try (WIB) and when; a finished one can be sent again. */
import { Badge, Button, Code, Group, Loader, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconRefresh } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { ListCard } from "@/components/list-card";
import { notifyFailure } from "@/components/states";
import { useCursorPages } from "@/hooks/use-cursor-pages";
import { formatWib } from "@/utils/format";

import { useDeliveries, useRedeliver, type Delivery, type DeliveryStatus } from "../api/webhooks";

import { eventTypeLabel } from "./event-types";

const COLORS: Record<DeliveryStatus, string> = { pending: "blue", succeeded: "teal", failed: "red" };

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={COLORS[status]}
      variant="light"
      style={{ minWidth: "max-content" }}
      leftSection={status === "pending" ? <Loader size={10} color={COLORS[status]} /> : null}
      data-status={status}
    >
      {t(`webhooks.status.${status}`)}
    </Badge>
  );
}

function ResponseCode({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const code = delivery.response_status;
  if (code == null) return <Text span size="sm" c="dimmed">{delivery.attempts ? t("webhooks.noAnswer") : "—"}</Text>;
  return (
    <Code color={code >= 200 && code < 300 ? "teal.1" : "red.1"} fz="sm">
      {code}
    </Code>
  );
}

function LastError({ delivery }: { delivery: Delivery }) {
  if (!delivery.last_error || delivery.status === "succeeded") return null;
  return (
    <Text size="xs" c="dimmed" lineClamp={2} title={delivery.last_error} style={{ wordBreak: "break-word" }}>
      {delivery.last_error}
    </Text>
  );
}

export function DeliveriesTable({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation();
  const pages = useCursorPages();
  const list = useDeliveries(webhookId, pages.cursor);
  const redeliver = useRedeliver();
  const send = (d: Delivery) =>
    redeliver.mutate(d, {
      onSuccess: () => notifications.show({ color: "teal", message: t("webhooks.redelivered") }),
      onError: (error) => notifyFailure(t, error),
    });
  const again = (d: Delivery) =>
    d.status !== "pending" && (
      <Button
        size="compact-sm"
        variant="light"
        leftSection={<IconRefresh size={14} />}
        loading={redeliver.isPending && redeliver.variables.id === d.id}
        onClick={() => send(d)}
        aria-label={t("webhooks.redeliverLabel", { event: eventTypeLabel(t, d.event_type), time: formatWib(d.created_at) })}
      >
        {t("webhooks.redeliver")}
      </Button>
    );
  return (
    <ListCard
      query={list}
      pages={pages}
      empty={t("webhooks.deliveriesEmpty")}
      minWidth={900}
      head={
        <Table.Tr>
          <Table.Th>{t("webhooks.event")}</Table.Th>
          <Table.Th>{t("fields.status")}</Table.Th>
          <Table.Th>{t("webhooks.responseCode")}</Table.Th>
          <Table.Th>{t("webhooks.attempts")}</Table.Th>
          <Table.Th>{t("webhooks.nextAttempt")}</Table.Th>
          <Table.Th>{t("webhooks.time")}</Table.Th>
          <Table.Th />
        </Table.Tr>
      }
      row={(d: Delivery) => (
        <Table.Tr key={d.id} data-testid="delivery">
          <Table.Td>
            <Text size="sm" fw={500} title={d.event_type}>
              {eventTypeLabel(t, d.event_type)}
            </Text>
          </Table.Td>
          <Table.Td maw={260}>
            <DeliveryStatusBadge status={d.status} />
            <LastError delivery={d} />
          </Table.Td>
          <Table.Td>
            <ResponseCode delivery={d} />
          </Table.Td>
          <Table.Td>{d.attempts}</Table.Td>
          <Table.Td style={{ whiteSpace: "nowrap" }}>{formatWib(d.next_attempt_at)}</Table.Td>
          <Table.Td style={{ whiteSpace: "nowrap" }}>{formatWib(d.created_at)}</Table.Td>
          <Table.Td>{again(d)}</Table.Td>
        </Table.Tr>
      )}
      card={(d: Delivery) => (
        <Stack key={d.id} gap={6} p="md" data-testid="delivery" style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Text size="sm" fw={500} title={d.event_type}>
              {eventTypeLabel(t, d.event_type)}
            </Text>
            <DeliveryStatusBadge status={d.status} />
          </Group>
          <LastError delivery={d} />
          <Group gap="md" wrap="wrap">
            <Text size="xs" c="dimmed" component="div">
              {t("webhooks.responseCode")}: <ResponseCode delivery={d} />
            </Text>
            <Text size="xs" c="dimmed">
              {t("webhooks.attempts")}: {d.attempts}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {t("webhooks.time")}: {formatWib(d.created_at)}
          </Text>
          {d.next_attempt_at && (
            <Text size="xs" c="dimmed">
              {t("webhooks.nextAttempt")}: {formatWib(d.next_attempt_at)}
            </Text>
          )}
          {d.status !== "pending" && <Group justify="flex-end">{again(d)}</Group>}
        </Stack>
      )}
    />
  );
}
