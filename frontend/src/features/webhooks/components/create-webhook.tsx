/** Add a webhook: the receiver's URL, the events it wants, a description; its signing secret is
 * shown once, right after. */
import { Modal, Stack, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { FormActions } from "@/components/form-actions";
import { ErrorAlert } from "@/components/states";
import { formFieldErrors } from "@/lib/api/messages";

import { useCreateWebhook, type EventType, type WebhookWithSecret } from "../api/webhooks";

import { EventTypeCheckboxes } from "./event-types";
import { WebhookSecretModal } from "./webhook-secret";

type Values = { url: string; event_types: EventType[]; description: string };

export function CreateWebhookModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateWebhook();
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);
  const [other, setOther] = useState<unknown>(null);
  const form = useForm<Values>({
    initialValues: { url: "", event_types: [], description: "" },
    validate: {
      url: (v) => (/^https?:\/\/\S+$/i.test(v.trim()) ? null : t("webhooks.urlInvalid")),
      event_types: (v) => (v.length ? null : t("webhooks.eventTypesMissing")),
    },
  });

  const submit = form.onSubmit((v) => {
    setOther(null);
    const description = v.description.trim();
    create.mutate(
      { url: v.url.trim(), event_types: v.event_types, ...(description ? { description } : {}) },
      {
        onSuccess: (webhook) => {
          notifications.show({ color: "teal", message: t("webhooks.created", { url: webhook.url }) });
          form.reset();
          setCreated(webhook);
        },
        onError: (error) => {
          // `event_types.0` is the event types field; a complaint about no field goes on top.
          const byField = formFieldErrors(t, error);
          form.setErrors(byField);
          if (!Object.keys(byField).some((k) => k in v)) setOther(error);
        },
      },
    );
  });

  if (created)
    return (
      <WebhookSecretModal
        webhook={created}
        onClose={() => {
          setCreated(null);
          onClose();
        }}
      />
    );
  return (
    <Modal opened={opened} onClose={onClose} title={t("webhooks.new")} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {other != null && <ErrorAlert error={other} />}
          <TextInput
            label={t("webhooks.url")}
            description={t("webhooks.urlHint")}
            placeholder="https://"
            required
            type="url"
            {...form.getInputProps("url")}
          />
          <EventTypeCheckboxes
            value={form.values.event_types}
            onChange={(v) => form.setFieldValue("event_types", v as EventType[])}
            error={form.errors.event_types as string | undefined}
          />
          <Textarea label={t("webhooks.description")} description={t("webhooks.descriptionHint")} autosize minRows={2} maxLength={500} {...form.getInputProps("description")} />
          <FormActions submit={t("webhooks.create")} loading={create.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
