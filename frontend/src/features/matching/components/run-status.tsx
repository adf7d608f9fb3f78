/** A run's status as a badge; queued and running show that work is under way. */
import { Badge, Loader } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { Run } from "../api/runs";

const COLORS: Record<Run["status"], string> = {
  queued: "gray",
  running: "blue",
  succeeded: "teal",
  failed: "red",
  approved: "green",
  discarded: "dark",
};

export function RunStatus({ status }: { status: Run["status"] }) {
  const { t } = useTranslation();
  const working = status === "queued" || status === "running";
  return (
    <Badge color={COLORS[status]} variant="light" leftSection={working ? <Loader size={10} color={COLORS[status]} /> : null}>
      {t(`matching.status.${status}`)}
    </Badge>
  );
}
