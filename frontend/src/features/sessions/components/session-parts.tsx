/** Pieces every session view shares: review status, why it is flagged, what was discussed. */
import { Badge, Group, Text, Tooltip } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { formatDate, formatNumber } from "@/utils/format";

import type { Session } from "../api/get-sessions";

const STATUS_COLORS: Record<string, string> = { submitted: "yellow", verified: "teal", rejected: "red" };

export function SessionStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status] ?? "gray"} variant="light" radius="sm" style={{ flexShrink: 0 }} data-testid="session-status">
      {t(`sessionStatus.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** Our own words for the API's flag: no place recorded, or how far from the household it was. */
export function flagText(t: (key: string, options?: Record<string, unknown>) => string, s: Pick<Session, "lat" | "distance_m">): string {
  if (s.lat == null) return t("sessions.flagNoLocation");
  if (s.distance_m != null) return t("sessions.flagFar", { km: formatNumber(Math.round(s.distance_m / 100) / 10) });
  return t("sessions.flagged");
}

export function FlagBadge({ session }: { session: Session }) {
  const { t } = useTranslation();
  if (!session.flagged) return null;
  return (
    <Tooltip label={flagText(t, session)} withArrow>
      <Badge color="orange" variant="outline" radius="sm" leftSection={<IconAlertTriangle size={12} />} style={{ flexShrink: 0 }} data-testid="session-flag">
        {flagText(t, session)}
      </Badge>
    </Tooltip>
  );
}

/** Topics, notes, agreed steps, next visit, and the reviewer's words. */
export function SessionSummary({ session: s }: { session: Session }) {
  const { t } = useTranslation();
  const agreed = [
    s.actions.length > 0 && t("sessions.actionsAgreed", { count: s.actions.length }),
    s.next_visit_on && t("sessions.nextVisit", { when: formatDate(s.next_visit_on) }),
  ].filter(Boolean);
  return (
    <>
      {s.topics.length > 0 && (
        <Group gap={4}>
          {s.topics.map((c) => (
            <Badge key={c} size="xs" variant="outline" color="gray">
              {t(`taxonomy.${c}`, { defaultValue: c })}
            </Badge>
          ))}
        </Group>
      )}
      {s.notes && (
        <Text size="sm" lineClamp={3}>
          {s.notes}
        </Text>
      )}
      {agreed.length > 0 && (
        <Text size="xs" c="dimmed">
          {agreed.join(" · ")}
        </Text>
      )}
      {s.review_reason && (
        <Text size="xs" c={s.status === "rejected" ? "red" : "dimmed"}>
          {t(s.status === "rejected" ? "sessions.rejectedBecause" : "sessions.reviewNote", { reason: s.review_reason })}
        </Text>
      )}
    </>
  );
}
