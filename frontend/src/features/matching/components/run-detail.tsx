/** One run: progress while it works, then its numbers, proposals with the score explained,
 * unmatched households with reasons, and the decision (approve or discard, admin). */
import { Alert, Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Table, Tabs, Text, Tooltip } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { FieldList } from "@/components/field-list";
import { ListCard } from "@/components/list-card";
import { PageHeader } from "@/components/page-header";
import { ErrorAlert, Loading, notifyFailure } from "@/components/states";
import { useCursorPages } from "@/hooks/use-cursor-pages";
import { useUser } from "@/lib/auth/auth";
import { can } from "@/lib/auth/policy";
import { namesOf, useKecamatan } from "@/lib/reference";
import { formatDateTime, formatDecimal, formatNumber } from "@/utils/format";

import { isWorking, useDecideRun, useProposals, useRun, useUnmatched, type Proposal, type Run } from "../api/runs";

import { RunStatus } from "./run-status";

const PARTS = ["competence", "proximity", "agency", "continuity"] as const;

export function RunDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useUser();
  const query = useRun(id);
  const approve = useDecideRun("approve");
  const discard = useDecideRun("discard");
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const run = query.data;

  const decide = (which: "approve" | "discard") =>
    modals.openConfirmModal({
      title: t(`matching.${which}Title`),
      children: <Text size="sm">{t(`matching.${which}Body`, { count: run.statistics?.matched ?? 0 })}</Text>,
      labels: { confirm: t(`matching.${which}`), cancel: t("common.cancel") },
      confirmProps: { color: which === "approve" ? "teal" : "red" },
      onConfirm: () =>
        (which === "approve" ? approve : discard).mutate(run, {
          onSuccess: (done) =>
            notifications.show({
              color: "teal",
              message: which === "approve" ? t("matching.approved", { count: done.decision?.applied ?? 0 }) : t("matching.discarded"),
            }),
          onError: (error) => notifyFailure(t, error),
        }),
    });

  const mayDecide = me?.role === "admin" && (run.status === "succeeded" || isWorking(run));
  return (
    <>
      <PageHeader
        title={t("matching.runTitle")}
        subtitle={
          <Group gap="xs" component="span">
            <RunStatus status={run.status} />
            <Text span size="sm" c="dimmed">
              {formatDateTime(run.created_at)}
            </Text>
          </Group>
        }
        actions={
          mayDecide && (
            <>
              <Button variant="default" color="red" leftSection={<IconX size={16} />} onClick={() => decide("discard")} loading={discard.isPending}>
                {isWorking(run) ? t("matching.cancel") : t("matching.discard")}
              </Button>
              {run.status === "succeeded" && (
                <Button leftSection={<IconCheck size={16} />} onClick={() => decide("approve")} loading={approve.isPending}>
                  {t("matching.approve")}
                </Button>
              )}
            </>
          )
        }
      />
      {isWorking(run) && (
        <Card withBorder radius="md" mb="md" data-testid="run-progress">
          <Text size="sm" mb="xs">
            {t(`matching.working.${run.status}`)}
          </Text>
          <Progress value={100} animated striped />
        </Card>
      )}
      {run.status === "failed" && (
        <Alert color="red" mb="md" title={t("matching.failedTitle")}>
          {run.error}
        </Alert>
      )}
      {run.decision && (
        <Alert color={run.status === "approved" ? "teal" : "gray"} mb="md" title={t(`matching.status.${run.status}`)} data-testid="run-decision">
          {t("matching.decision", { ...run.decision, when: formatDateTime(run.decided_at) })}
        </Alert>
      )}
      {run.statistics && <Statistics run={run} />}
      {run.statistics && can(me?.role, "matchingReview") && <Results run={run} />}
    </>
  );
}

function Statistics({ run }: { run: Run }) {
  const { t } = useTranslation();
  const s = run.statistics!;
  const pct = (x: number | null | undefined) => (x == null ? "—" : `${Math.round(100 * x)}%`);
  const km = (x: number | null | undefined) => (x == null ? "—" : `${formatDecimal(x, 1)} km`);
  return (
    <Stack gap="md" mb="md">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {[
          [t("matching.households"), formatNumber(s.households)],
          [t("matching.matched"), formatNumber(s.matched)],
          [t("matching.unmatched"), formatNumber(s.unmatched)],
          [t("matching.mentorsEligible"), formatNumber(s.mentors)],
        ].map(([label, value]) => (
          <Card key={label} withBorder radius="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {label}
            </Text>
            <Text fz={26} fw={700} data-testid={`run-${label}`}>
              {value}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Card withBorder radius="md">
        <FieldList
          cols={3}
          items={[
            [t("matching.meanDistance"), km(s.mean_distance_km)],
            [t("matching.p95Distance"), km(s.p95_distance_km)],
            [t("matching.needCoverage"), pct(s.need_coverage)],
            [t("matching.greedyGain"), s.greedy_gain == null ? "—" : `+${formatDecimal(100 * s.greedy_gain, 1)}%`],
            [t("matching.optimal"), run.certificate ? (run.certificate.holds ? t("matching.optimalYes") : t("matching.optimalNo")) : "—"],
            [t("matching.solveTime"), run.solve_seconds == null ? "—" : `${formatDecimal(run.solve_seconds, 2)} s`],
          ]}
        />
        {Object.keys(s.unmatched_by_reason).length > 0 && (
          <Group gap={6} mt="md">
            <Text size="sm" c="dimmed">
              {t("matching.unmatchedBecause")}
            </Text>
            {Object.entries(s.unmatched_by_reason).map(([reason, n]) => (
              <Badge key={reason} variant="light" color="orange" tt="none">
                {t(`matching.reason.${reason}`, { defaultValue: reason.replaceAll("_", " ") })}: {n}
              </Badge>
            ))}
          </Group>
        )}
      </Card>
    </Stack>
  );
}

function Breakdown({ p, weights }: { p: Proposal; weights: Run["weights"] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} miw={160}>
      {PARTS.map((part) => (
        <Tooltip key={part} label={`${t(`matching.part.${part}`)}: ${formatDecimal(p.parts[part], 2)} × ${t("matching.weight")} ${formatDecimal(weights[part] ?? 0, 2)} = ${formatDecimal(p.parts.weighted[part] ?? 0, 3)}`}>
          <Group gap={6} wrap="nowrap">
            <Text size="xs" w={96} c="dimmed" truncate>
              {t(`matching.part.${part}`)}
            </Text>
            <Progress value={100 * p.parts[part]} size="sm" w={70} />
          </Group>
        </Tooltip>
      ))}
    </Stack>
  );
}

function Results({ run }: { run: Run }) {
  const { t } = useTranslation();
  const kecamatan = namesOf(useKecamatan().data?.items);
  const proposalPages = useCursorPages();
  const unmatchedPages = useCursorPages();
  const proposals = useProposals(run.id, {}, proposalPages.cursor, true);
  const unmatched = useUnmatched(run.id, unmatchedPages.cursor, true);
  return (
    <Tabs defaultValue="proposals" keepMounted={false}>
      <Tabs.List mb="sm">
        <Tabs.Tab value="proposals">{t("matching.proposals")}</Tabs.Tab>
        <Tabs.Tab value="unmatched">{t("matching.unmatchedTab")}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="proposals">
        <ListCard
          query={proposals}
          pages={proposalPages}
          empty={t("matching.noProposals")}
          minWidth={900}
          head={
            <Table.Tr>
              <Table.Th>{t("matching.household")}</Table.Th>
              <Table.Th>{t("matching.mentor")}</Table.Th>
              <Table.Th ta="right">{t("matching.score")}</Table.Th>
              <Table.Th>{t("matching.why")}</Table.Th>
              <Table.Th ta="right">{t("matching.distance")}</Table.Th>
              <Table.Th>{t("matching.change")}</Table.Th>
            </Table.Tr>
          }
          row={(p) => (
            <Table.Tr key={p.household_id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {p.household_head_name}
                </Text>
                <Text size="xs" c="dimmed">
                  {kecamatan.get(p.kecamatan_code) ?? p.kecamatan_code}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{p.mentor_name}</Text>
                <Text size="xs" c="dimmed">
                  {p.agency_code} · {t("matching.covers", { covered: p.needs_covered.length, needs: p.household_needs.length })}
                </Text>
              </Table.Td>
              <Table.Td ta="right" fw={600}>
                {formatDecimal(p.score, 3)}
              </Table.Td>
              <Table.Td>
                <Breakdown p={p} weights={run.weights} />
              </Table.Td>
              <Table.Td ta="right">{formatDecimal(p.distance_km, 1)} km</Table.Td>
              <Table.Td>
                <Badge variant="light" tt="none" color={p.outcome === "conflict" ? "red" : "blue"}>
                  {t(`matching.changeKind.${p.change}`)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          )}
        />
      </Tabs.Panel>
      <Tabs.Panel value="unmatched">
        <ListCard
          query={unmatched}
          pages={unmatchedPages}
          empty={t("matching.noUnmatched")}
          minWidth={600}
          head={
            <Table.Tr>
              <Table.Th>{t("matching.household")}</Table.Th>
              <Table.Th>{t("fields.kecamatan")}</Table.Th>
              <Table.Th>{t("matching.reasonTitle")}</Table.Th>
            </Table.Tr>
          }
          row={(u) => (
            <Table.Tr key={u.household_id}>
              <Table.Td>{u.household_head_name}</Table.Td>
              <Table.Td>{kecamatan.get(u.kecamatan_code) ?? u.kecamatan_code}</Table.Td>
              <Table.Td>
                <Badge variant="light" color="orange" tt="none">
                  {t(`matching.reason.${u.reason}`, { defaultValue: u.reason.replaceAll("_", " ") })}
                </Badge>
              </Table.Td>
            </Table.Tr>
          )}
        />
      </Tabs.Panel>
    </Tabs>
  );
}
