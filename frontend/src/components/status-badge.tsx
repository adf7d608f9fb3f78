/** A household's lifecycle status as a coloured badge with its translated name. */
import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";

const COLORS: Record<string, string> = {
  identified: "gray",
  verified: "blue",
  assigned: "indigo",
  mentoring: "teal",
  graduated: "green",
  monitoring: "lime",
  exited: "dark",
  moved: "orange",
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status] ?? "gray"} variant="light" radius="sm" style={{ flexShrink: 0, overflow: "visible" }}>
      {t(`householdStatus.${status}`, { defaultValue: status })}
    </Badge>
  );
}
