/** Matching: the runs, starting one (admin), and one run's results and decision. */
import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlayerPlay } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";

import { PageHeader } from "@/components/page-header";
import { RunDetail } from "@/features/matching/components/run-detail";
import { RunsTable } from "@/features/matching/components/runs-table";
import { StartRunModal } from "@/features/matching/components/start-run";
import { useUser } from "@/lib/auth/auth";
import { can } from "@/lib/auth/policy";

import { RequirePermission } from "../guards";

export function MatchingPage() {
  const { t } = useTranslation();
  const me = useUser();
  const navigate = useNavigate();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <RequirePermission permission="matching">
      <PageHeader
        title={t("matching.title")}
        subtitle={t("matching.subtitle")}
        actions={
          can(me?.role, "matchingStart") && (
            <Button leftSection={<IconPlayerPlay size={16} />} onClick={open}>
              {t("matching.start")}
            </Button>
          )
        }
      />
      <RunsTable />
      <StartRunModal opened={opened} onClose={close} onStarted={(run) => void navigate(`/matching/${run.id}`)} />
    </RequirePermission>
  );
}

export function MatchingRunPage() {
  const { id = "" } = useParams();
  return (
    <RequirePermission permission="matching">
      <RunDetail id={id} />
    </RequirePermission>
  );
}
