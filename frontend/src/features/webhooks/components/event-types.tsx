/** Event types as people read them: a label and a description in the UI's language; the code
 * (`household.created`) only as a hint for the integrator. */
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import { CodeBadges, CodeCheckboxes } from "@/components/code-choices";
import { webhookCreateEvent_typesValues } from "@/lib/api/schema";

import type { EventType } from "../api/webhooks";

/** What a webhook may subscribe to, in the API's order. */
export const EVENT_TYPES: readonly EventType[] = webhookCreateEvent_typesValues;

/** `household.status_changed` -> `eventType.household_status_changed` (i18next reads `.` as a
 * path). `webhook.test` (sent by "Kirim tes", not subscribed to) has a label too. */
export const eventTypeKey = (type: string) => `eventType.${type.replaceAll(".", "_")}`;

/** The readable label; an event type this UI does not know yet shows as its code. */
export function eventTypeLabel(t: TFunction, type: string): string {
  return t(`${eventTypeKey(type)}.label`, { defaultValue: type });
}

export function EventTypeBadges({ types }: { types: readonly string[] }) {
  const { t } = useTranslation();
  const known = EVENT_TYPES.filter((e) => types.includes(e));
  const unknown = types.filter((e) => !(EVENT_TYPES as readonly string[]).includes(e));
  return <CodeBadges items={[...known, ...unknown].map((e) => ({ code: e, label: eventTypeLabel(t, e), color: "indigo" }))} />;
}

type CheckboxesProps = { value: string[]; onChange: (value: string[]) => void; error?: string };

export function EventTypeCheckboxes(props: CheckboxesProps) {
  const { t } = useTranslation();
  const items = EVENT_TYPES.map((e) => ({ code: e, label: eventTypeLabel(t, e), description: t(`${eventTypeKey(e)}.description`) }));
  return <CodeCheckboxes label={t("webhooks.eventTypes")} description={t("webhooks.eventTypesHint")} items={items} {...props} />;
}
