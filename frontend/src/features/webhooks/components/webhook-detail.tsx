/** One webhook: where it sends, what, whether it is active, whose it is; its deliveries; and what
 * the admin does with it: send a test event, rotate its secret, disable or enable it, delete it.
 * Every change sends the ETag of the copy on screen; a 412 (someone changed it) reloads it. */
import { Anchor, Button, Card, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft, IconKey, IconPlayerPause, IconPlayerPlay, IconSend, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { FieldList } from "@/components/field-list";
import { FormActions } from "@/components/form-actions";
import { GraceHoursInput } from "@/components/grace-hours-input";
import { ErrorAlert, Loading, notifyFailure } from "@/components/states";
import { formatWib } from "@/utils/format";

import {
  useDeleteWebhook,
  useRotateWebhookSecret,
  useSendTest,
  useSetWebhookActive,
  useWebhook,
  type WebhookCopy,
  type WebhookWithSecret,
} from "../api/webhooks";

import { DeliveriesTable } from "./deliveries-table";
import { EventTypeBadges } from "./event-types";
import { WebhookSecretModal } from "./webhook-secret";
import { OwnerName, WebhookStatus } from "./webhook-status";

type Props = { id: string; listPath: string; onDeleted: () => void };

export function WebhookDetail({ id, listPath, onDeleted }: Props) {
  const { t } = useTranslation();
  const query = useWebhook(id);
  const back = (
    <Anchor component={Link} to={listPath} size="sm" mb="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
      <IconArrowLeft size={14} /> {t("webhooks.back")}
    </Anchor>
  );
  if (query.isPending) return <Loading />;
  if (query.isError) return (
    <Stack align="flex-start">
      {back}
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
    </Stack>
  );
  const copy = query.data;
  const w = copy.data;
  return (
    <Stack gap="lg">
      <div>
        {back}
        {/* The actions sit under the title, not at the top right where notifications appear. */}
        <Stack gap="sm">
          <Stack gap={4}>
            <Title order={2} fz={{ base: "h4", sm: "h3" }} style={{ wordBreak: "break-all" }} data-testid="webhook-url">
              {w.url}
            </Title>
            {w.description && (
              <Text size="sm" c="dimmed">
                {w.description}
              </Text>
            )}
          </Stack>
          <WebhookActions copy={copy} onDeleted={onDeleted} />
        </Stack>
      </div>
      <Card withBorder radius="md" padding="lg">
        <FieldList
          items={[
            [t("fields.status"), <WebhookStatus key="s" webhook={w} />],
            [t("webhooks.owner"), <OwnerName key="o" webhook={w} />],
            [t("webhooks.eventTypes"), <EventTypeBadges key="e" types={w.event_types} />],
            [t("webhooks.created_at"), formatWib(w.created_at)],
            ...(w.previous_secret_expires_at
              ? [[t("secretOnce.graceHours"), t("webhooks.previousSecretUntil", { when: formatWib(w.previous_secret_expires_at) })] as [string, string]]
              : []),
          ]}
        />
      </Card>
      <Stack gap="sm">
        <Title order={3} fz="h4">
          {t("webhooks.deliveries")}
        </Title>
        <DeliveriesTable webhookId={w.id} />
      </Stack>
    </Stack>
  );
}

function WebhookActions({ copy, onDeleted }: { copy: WebhookCopy; onDeleted: () => void }) {
  const { t } = useTranslation();
  const test = useSendTest();
  const setActive = useSetWebhookActive();
  const remove = useDeleteWebhook();
  const [rotating, setRotating] = useState(false);
  const w = copy.data;

  const toggle = () =>
    setActive.mutate(
      { copy, active: !w.active },
      {
        onSuccess: (done) => notifications.show({ color: "teal", message: t(done.active ? "webhooks.enabledNow" : "webhooks.disabledNow") }),
        onError: (error) => notifyFailure(t, error),
      },
    );
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t("webhooks.deleteTitle"),
      children: (
        <Text size="sm" style={{ wordBreak: "break-word" }}>
          {t("webhooks.deleteBody", { url: w.url })}
        </Text>
      ),
      labels: { confirm: t("webhooks.delete"), cancel: t("common.cancel") },
      confirmProps: { color: "red" },
      onConfirm: () =>
        remove.mutate(copy, {
          onSuccess: () => {
            notifications.show({ color: "teal", message: t("webhooks.deleted") });
            onDeleted();
          },
          onError: (error) => notifyFailure(t, error),
        }),
    });

  return (
    <Group gap="xs">
      <Button
        leftSection={<IconSend size={16} />}
        disabled={!w.active}
        loading={test.isPending}
        onClick={() =>
          test.mutate(w.id, {
            onSuccess: () => notifications.show({ color: "teal", message: t("webhooks.testSent") }),
            onError: (error) => notifyFailure(t, error),
          })
        }
      >
        {t("webhooks.sendTest")}
      </Button>
      <Button variant="default" leftSection={<IconKey size={16} />} onClick={() => setRotating(true)}>
        {t("webhooks.rotate")}
      </Button>
      <Button
        variant="default"
        leftSection={w.active ? <IconPlayerPause size={16} /> : <IconPlayerPlay size={16} />}
        loading={setActive.isPending}
        onClick={toggle}
      >
        {t(w.active ? "webhooks.disable" : "webhooks.enable")}
      </Button>
      <Button variant="light" color="red" leftSection={<IconTrash size={16} />} loading={remove.isPending} onClick={confirmDelete}>
        {t("webhooks.delete")}
      </Button>
      {rotating && <RotateModal copy={copy} onClose={() => setRotating(false)} />}
    </Group>
  );
}

function RotateModal({ copy, onClose }: { copy: WebhookCopy; onClose: () => void }) {
  const { t } = useTranslation();
  const rotate = useRotateWebhookSecret();
  const [rotated, setRotated] = useState<WebhookWithSecret | null>(null);
  const form = useForm({ initialValues: { graceHours: 24 as number | string } });
  const submit = form.onSubmit(({ graceHours }) =>
    rotate.mutate(
      { copy, graceHours: Number(graceHours) || 0 },
      {
        onSuccess: setRotated,
        onError: (error) => {
          notifyFailure(t, error);
          onClose();
        },
      },
    ),
  );
  if (rotated) return <WebhookSecretModal webhook={rotated} rotated onClose={onClose} />;
  return (
    <Modal opened onClose={onClose} title={t("webhooks.rotate")} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t("webhooks.rotateBody")}</Text>
          <GraceHoursInput {...form.getInputProps("graceHours")} />
          <FormActions submit={t("webhooks.rotateSubmit")} loading={rotate.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
