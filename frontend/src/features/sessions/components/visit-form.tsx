/** "Catat kunjungan": one screen a mentor fills in under a minute on a phone, resend-safe. */
import { ActionIcon, Button, Card, Chip, Grid, Group, Input, NumberInput, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconCurrentLocation, IconMapPinOff, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ChipPicker } from "@/components/chip-picker";
import { FormActions } from "@/components/form-actions";
import { ErrorAlert } from "@/components/states";
import { useOutboxForm } from "@/lib/offline/hooks";
import { TAXONOMY } from "@/lib/reference";
import { formatNumber } from "@/utils/format";

import { useCurrentPlace } from "./use-current-place";
import { initialVisit, KINDS, toSessionBody, visitRules, type Kind, type VisitValues } from "./visit-values";

type Props = { household: { id: string; head_name: string }; assignmentId: string; onDone: () => void; onCancel: () => void };

export function VisitForm({ household, assignmentId, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  // One id for this visit, kept across resends: if an answer is lost, sending again cannot
  // record the visit twice (the API answers 200 with the stored session).
  const [sessionId] = useState(() => crypto.randomUUID());
  const form = useForm<VisitValues>({ initialValues: initialVisit(), validate: visitRules(t) });
  const { status: placeStatus, locate, clear, place } = useCurrentPlace();
  const { send, sending, otherError } = useOutboxForm(form, onDone);

  const submit = form.onSubmit((values) => {
    const body = toSessionBody(sessionId, assignmentId, values, place);
    send({ kind: "session", householdId: household.id, householdName: household.head_name, body }, values, () =>
      notifications.show({ color: "teal", message: t("visit.saved") }),
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={880}>
        {otherError != null && <ErrorAlert error={otherError} />}
        <Card withBorder radius="md">
          <Stack gap="sm">
            <div>
              <Input.Label mb={4}>
                {t("visit.kind")}
              </Input.Label>
              <Chip.Group value={form.values.kind} onChange={(v) => form.setFieldValue("kind", v as Kind)}>
                <Group gap={6}>
                  {KINDS.map((k) => (
                    <Chip key={k} value={k} size="sm">
                      {t(`sessionKind.${k}`)}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </div>
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, xs: 7 }}>
                <TextInput type="datetime-local" label={t("visit.occurredAt")} required {...form.getInputProps("occurred_at")} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, xs: 5 }}>
                <NumberInput label={t("visit.duration")} required min={1} max={720} step={5} suffix={` ${t("visit.minutesShort")}`} {...form.getInputProps("duration_minutes")} />
              </Grid.Col>
            </Grid>
          </Stack>
        </Card>

        <Card withBorder radius="md">
          <ChipPicker
            label={t("visit.topics")}
            options={TAXONOMY.map((c) => ({ value: c, label: t(`taxonomy.${c}`) }))}
            value={form.values.topics}
            onChange={(v) => form.setFieldValue("topics", v)}
          />
          <Textarea mt="sm" label={t("fields.notes")} placeholder={t("visit.notesHint")} autosize minRows={2} maxLength={4000} {...form.getInputProps("notes")} />
        </Card>

        <Card withBorder radius="md">
          <Title order={5} mb="xs">
            {t("visit.actions")}
          </Title>
          {form.values.actions.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("visit.noActions")}
            </Text>
          )}
          <Stack gap="xs">
            {form.values.actions.map((_, i) => (
              <Grid key={i} gap="xs" align="flex-start">
                <Grid.Col span={{ base: 12, sm: 7 }}>
                  <TextInput label={t("visit.actionTitle")} placeholder={t("visit.actionHint")} maxLength={200} {...form.getInputProps(`actions.${i}.title`)} />
                </Grid.Col>
                <Grid.Col span={{ base: 10, sm: 4 }}>
                  <TextInput type="date" label={t("visit.dueDate")} {...form.getInputProps(`actions.${i}.due_date`)} />
                </Grid.Col>
                <Grid.Col span={{ base: 2, sm: 1 }}>
                  <ActionIcon mt={26} variant="subtle" color="red" size="lg" aria-label={t("visit.removeAction")} onClick={() => form.removeListItem("actions", i)}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Grid.Col>
              </Grid>
            ))}
          </Stack>
          <Button mt="xs" variant="light" size="xs" style={{ alignSelf: "flex-start" }} leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem("actions", { title: "", due_date: "" })}>
            {t("visit.addAction")}
          </Button>
          <TextInput mt="md" type="date" label={t("visit.nextVisit")} {...form.getInputProps("next_visit_on")} />
        </Card>

        <Card withBorder radius="md">
          <Group justify="space-between" wrap="nowrap" gap="xs" mb={4}>
            <Title order={5}>{t("visit.location")}</Title>
            {place ? (
              <Button variant="default" size="xs" leftSection={<IconMapPinOff size={14} />} onClick={clear}>
                {t("visit.locationClear")}
              </Button>
            ) : (
              <Button variant="light" size="xs" leftSection={<IconCurrentLocation size={14} />} loading={placeStatus.state === "locating"} onClick={locate}>
                {t("visit.locate")}
              </Button>
            )}
          </Group>
          <Text size="xs" c={placeStatus.state === "denied" ? "orange" : "dimmed"} data-testid="visit-location">
            {placeStatus.state === "found"
              ? t("visit.locationFound", { lat: placeStatus.place.lat, lon: placeStatus.place.lon, accuracy: formatNumber(Math.round(placeStatus.place.accuracy)) })
              : t(`visit.location_${placeStatus.state}`)}
          </Text>
        </Card>

        <FormActions submit={t("visit.submit")} loading={sending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
