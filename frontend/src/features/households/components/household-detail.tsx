/** One household: identity, needs, housing, members, who mentors it, agreed steps, status history;
 * sessions and assessments come in through `slots` from their own features. */
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconEye, IconEyeOff, IconFileDownload, IconPencil } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { FieldList } from "@/components/field-list";
import { PageHeader } from "@/components/page-header";
import { ErrorAlert, Loading, notifyFailure } from "@/components/states";
import { StatusBadge } from "@/components/status-badge";
import { useUser } from "@/lib/auth/auth";
import { can } from "@/lib/auth/policy";
import { namesOf, useKecamatan, useKelurahan } from "@/lib/reference";
import { formatDate, formatDateTime, humanCode } from "@/utils/format";

import { useAccessReport } from "../api/get-access-report";
import { useHousehold, type Household, type Member } from "../api/get-household";

import { ActionItemsCard, HistoryCard } from "./household-activity";

const HOUSING_KEYS = ["floor", "wall", "roof", "water", "sanitation", "electricity"] as const;

/** What other features add to the page (composed in src/app): header actions and sections. */
export type DetailSlots = { actions?: ReactNode; main?: ReactNode; side?: ReactNode };
type SlotsOf = (household: Household, etag: string, reload: () => Promise<unknown>) => DetailSlots;

export function HouseholdDetail({ id, slots }: { id: string; slots?: SlotsOf }) {
  const { t } = useTranslation();
  const me = useUser();
  const [reveal, setReveal] = useState(false);
  const query = useHousehold(id, reveal);
  const accessReport = useAccessReport();
  const household = query.data?.data;

  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!household) return null;

  const mayReveal = can(me?.role, "householdsReveal");
  const extra = slots?.(household, query.data?.etag ?? "", () => query.refetch()) ?? {};
  return (
    <>
      <PageHeader
        title={household.head_name}
        subtitle={
          <Group gap="xs" component="span">
            <StatusBadge status={household.status} />
            <Text span size="sm" c="dimmed">
              {t("households.updated", { when: formatDateTime(household.updated_at) })}
            </Text>
          </Group>
        }
        actions={
          <>
            {extra.actions}
            {mayReveal && (
              <Button
                variant="default"
                leftSection={reveal ? <IconEyeOff size={16} /> : <IconEye size={16} />}
                onClick={() => setReveal((r) => !r)}
              >
                {reveal ? t("households.hideIds") : t("households.revealIds")}
              </Button>
            )}
            {can(me?.role, "accessReport") && (
              <Button
                variant="default"
                leftSection={<IconFileDownload size={16} />}
                loading={accessReport.isPending}
                onClick={() =>
                  accessReport.mutate(id, {
                    onSuccess: () => notifications.show({ color: "teal", message: t("households.accessReportDone") }),
                    onError: (error) => notifyFailure(t, error),
                  })
                }
              >
                {t("households.accessReport")}
              </Button>
            )}
            {can(me?.role, "householdsWrite") && (
              <Button component={Link} to={`/households/${id}/edit`} leftSection={<IconPencil size={16} />}>
                {t("common.edit")}
              </Button>
            )}
          </>
        }
      />
      {reveal && (
        <Alert color="yellow" mb="md" title={t("households.revealedTitle")}>
          {t("households.revealedBody")}
        </Alert>
      )}
      {(household.warnings ?? []).length > 0 && (
        <Alert color="orange" mb="md" title={t("households.warnings")}>
          {(household.warnings ?? []).join(" ")}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Identity household={household} />
            {extra.main}
            <Members household={household} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <Mentor household={household} />
            <ActionItemsCard householdId={id} mayComplete={can(me?.role, "actionsWrite")} />
            <Card withBorder radius="md">
              <Title order={4} mb="sm">
                {t("fields.needs")}
              </Title>
              <Group gap={6}>
                {household.needs.length === 0 && <Text c="dimmed">—</Text>}
                {household.needs.map((n) => (
                  <Badge key={n} variant="light">
                    {t(`taxonomy.${n}`, { defaultValue: n })}
                  </Badge>
                ))}
              </Group>
              <Title order={5} mt="md" mb="xs">
                {t("fields.assistance")}
              </Title>
              <Group gap={6}>
                {household.assistance.length === 0 && <Text c="dimmed">—</Text>}
                {household.assistance.map((a) => (
                  <Badge key={a} variant="outline" color="grape">
                    {a.toUpperCase().replaceAll("_", "-")}
                  </Badge>
                ))}
              </Group>
            </Card>
            <Card withBorder radius="md">
              <Title order={4} mb="sm">
                {t("households.housing")}
              </Title>
              <FieldList items={HOUSING_KEYS.map((k) => [t(`housing.${k}`), humanCode(household.housing[k])])} />
            </Card>
            <HistoryCard householdId={id} />
            {extra.side}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function Identity({ household: h }: { household: Household }) {
  const { t } = useTranslation();
  const kecamatan = namesOf(useKecamatan().data?.items);
  const kelurahan = namesOf(useKelurahan(h.kecamatan_code).data?.items);
  return (
    <Card withBorder radius="md">
      <Title order={4} mb="sm">
        {t("households.identity")}
      </Title>
      <FieldList
        items={[
          [t("fields.kkNumber"), <Text span ff="monospace" size="sm" data-testid="kk-number">{h.kk_number}</Text>],
          [t("fields.headNik"), <Text span ff="monospace" size="sm">{h.head_nik}</Text>],
          [t("fields.address"), `${h.address}${h.rt ? `, RT ${h.rt}` : ""}${h.rw ? ` / RW ${h.rw}` : ""}`],
          [t("fields.region"), `${kelurahan.get(h.kelurahan_code) ?? h.kelurahan_code}, ${kecamatan.get(h.kecamatan_code) ?? h.kecamatan_code}`],
          [t("fields.desil"), h.desil != null ? `${h.desil}${h.desil_source ? ` (${h.desil_source}, ${formatDate(h.desil_as_of)})` : ""}` : "—"],
          [t("fields.extremePoor"), h.extreme_poor ? t("common.yes") : t("common.no")],
          [t("fields.coordinates"), h.lat != null && h.lon != null ? `${h.lat.toFixed(5)}, ${h.lon.toFixed(5)}` : "—"],
          [t("fields.statusSince"), formatDate(h.status_changed_at)],
        ]}
      />
      {h.notes && (
        <Text size="sm" mt="md" c="dimmed">
          {h.notes}
        </Text>
      )}
    </Card>
  );
}

function Members({ household }: { household: Household }) {
  const { t } = useTranslation();
  const relationship = (m: Member) => t(`relationship.${m.relationship}`, { defaultValue: m.relationship });
  const education = (m: Member) => (m.education ? t(`education.${m.education}`, { defaultValue: humanCode(m.education) }) : "—");
  return (
    <Card withBorder radius="md" padding={0}>
      <Title order={4} p="md" pb="xs">
        {t("households.members", { count: household.members.length })}
      </Title>
      {/* A phone gets one block per person instead of a table to scroll sideways. */}
      <Stack gap={0} hiddenFrom="sm" data-testid="members-list">
        {household.members.map((m) => (
          <Stack key={m.id} gap={2} px="md" py="sm" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text fw={600} size="sm">
                {m.name}
              </Text>
              <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
                {relationship(m)}
              </Badge>
            </Group>
            <Text size="sm" ff="monospace">
              {m.nik}
            </Text>
            <Text size="xs" c="dimmed">
              {[t(`sex.${m.sex}`, { defaultValue: m.sex }), formatDate(m.birth_date), education(m)].join(" · ")}
            </Text>
          </Stack>
        ))}
      </Stack>
      <Table.ScrollContainer minWidth={560} visibleFrom="sm">
        <Table verticalSpacing="xs" horizontalSpacing="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("fields.name")}</Table.Th>
              <Table.Th>{t("fields.nik")}</Table.Th>
              <Table.Th>{t("fields.relationship")}</Table.Th>
              <Table.Th>{t("fields.sex")}</Table.Th>
              <Table.Th>{t("fields.birthDate")}</Table.Th>
              <Table.Th>{t("fields.education")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {household.members.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.name}</Table.Td>
                <Table.Td ff="monospace">{m.nik}</Table.Td>
                <Table.Td>{relationship(m)}</Table.Td>
                <Table.Td>{t(`sex.${m.sex}`, { defaultValue: m.sex })}</Table.Td>
                <Table.Td>{formatDate(m.birth_date)}</Table.Td>
                <Table.Td>{education(m)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function Mentor({ household }: { household: Household }) {
  const { t } = useTranslation();
  const me = useUser();
  const active = household.active_assignment;
  return (
    <Card withBorder radius="md">
      <Title order={4} mb="sm">
        {t("households.mentor")}
      </Title>
      {!active ? (
        <Text c="dimmed" size="sm">
          {t("households.noMentor")}
        </Text>
      ) : (
        <Stack gap={4} data-testid="household-mentor">
          {can(me?.role, "mentors") ? (
            <Anchor component={Link} to={`/mentors/${active.mentor_id}`} fw={600}>
              {active.mentor_name}
            </Anchor>
          ) : (
            <Text fw={600}>{active.mentor_name}</Text>
          )}
          <Text size="sm" c="dimmed">
            {active.agency_code}
          </Text>
          <Text size="sm">{t("households.assignedSince", { when: formatDate(active.started_at) })}</Text>
        </Stack>
      )}
    </Card>
  );
}
