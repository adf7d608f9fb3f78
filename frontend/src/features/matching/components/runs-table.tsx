/** Matching runs, newest first; runs still working refresh themselves. */
import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { ListCard } from "@/components/list-card";
import { useCursorPages } from "@/hooks/use-cursor-pages";
import { formatDateTime, formatNumber } from "@/utils/format";

import { useRuns } from "../api/runs";

import { RunStatus } from "./run-status";

export function RunsTable() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pages = useCursorPages();
  const runs = useRuns(pages.cursor);
  return (
    <ListCard
      query={runs}
      pages={pages}
      empty={t("matching.empty")}
      minWidth={760}
      head={
        <Table.Tr>
          <Table.Th>{t("matching.started")}</Table.Th>
          <Table.Th>{t("fields.status")}</Table.Th>
          <Table.Th>{t("matching.scope")}</Table.Th>
          <Table.Th ta="right">{t("matching.households")}</Table.Th>
          <Table.Th ta="right">{t("matching.matched")}</Table.Th>
        </Table.Tr>
      }
      row={(run) => (
        <Table.Tr key={run.id} style={{ cursor: "pointer" }} onClick={() => void navigate(`/matching/${run.id}`)}>
          <Table.Td>{formatDateTime(run.created_at)}</Table.Td>
          <Table.Td>
            <RunStatus status={run.status} />
          </Table.Td>
          <Table.Td>
            <Text size="sm">
              {run.scope.kecamatan_codes?.length
                ? t("matching.kecamatanCount", { count: run.scope.kecamatan_codes.length })
                : t("matching.wholeCity")}
            </Text>
          </Table.Td>
          <Table.Td ta="right">{formatNumber(run.statistics?.households)}</Table.Td>
          <Table.Td ta="right">{formatNumber(run.statistics?.matched)}</Table.Td>
        </Table.Tr>
      )}
    />
  );
}
