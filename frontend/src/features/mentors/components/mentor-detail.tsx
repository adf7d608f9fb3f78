/** One mentor: identity, competences, capacity and the households assigned to them. */
import { Anchor, Badge, Button, Card, Grid, Group, Progress, Stack, Table, Text, Title } from "@mantine/core";
import { IconEye, IconEyeOff } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { FieldList } from "@/components/field-list";
import { PageHeader } from "@/components/page-header";
import { Empty, ErrorAlert, Loading } from "@/components/states";
import { useUser } from "@/lib/auth/auth";
import { can } from "@/lib/auth/policy";
import { namesOf, useAgencies, useKecamatan } from "@/lib/reference";
import { formatDate } from "@/utils/format";

import { useMentor, useMentorAssignments } from "../api/get-mentor";

export function MentorDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useUser();
  const [reveal, setReveal] = useState(false);
  const mentor = useMentor(id, reveal);
  const assignments = useMentorAssignments(id);
  const agencies = namesOf(useAgencies().data?.items);
  const kecamatan = namesOf(useKecamatan().data?.items);

  if (mentor.isPending) return <Loading />;
  if (mentor.isError) return <ErrorAlert error={mentor.error} onRetry={() => void mentor.refetch()} />;
  const m = mentor.data;
  const active = (assignments.data?.items ?? []).filter((a) => a.status === "active");

  return (
    <>
      <PageHeader
        title={m.name}
        subtitle={`${m.position ?? m.employment_type} · ${agencies.get(m.agency_code) ?? m.agency_code}`}
        actions={
          can(me?.role, "mentorsReveal") && (
            <Button variant="default" leftSection={reveal ? <IconEyeOff size={16} /> : <IconEye size={16} />} onClick={() => setReveal((r) => !r)}>
              {reveal ? t("mentors.hideNip") : t("mentors.revealNip")}
            </Button>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Card withBorder radius="md">
              <FieldList
                items={[
                  [t("fields.nip"), <Text span ff="monospace" size="sm">{m.nip}</Text>],
                  [t("fields.employmentType"), m.employment_type.replaceAll("_", " ")],
                  [t("fields.golongan"), m.golongan ?? "—"],
                  [t("fields.sex"), t(`sex.${m.sex}`)],
                  [t("fields.kecamatan"), kecamatan.get(m.kecamatan_code) ?? m.kecamatan_code],
                  [t("fields.mentorStatus"), `${t(`mentorStatus.${m.status}`)} · ${formatDate(m.status_since)}`],
                ]}
              />
            </Card>
            <Card withBorder radius="md" padding={0}>
              <Title order={4} p="md" pb="xs">
                {t("mentors.assignments")}
              </Title>
              {assignments.isPending ? (
                <Loading />
              ) : (assignments.data?.items.length ?? 0) === 0 ? (
                <Empty>{t("mentors.noAssignments")}</Empty>
              ) : (
                <Table verticalSpacing="xs" horizontalSpacing="md">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("mentors.household")}</Table.Th>
                      <Table.Th>{t("fields.status")}</Table.Th>
                      <Table.Th>{t("mentors.since")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {assignments.data?.items.map((a) => (
                      <Table.Tr key={a.id}>
                        <Table.Td>
                          {can(me?.role, "households") ? (
                            <Anchor component={Link} to={`/households/${a.household_id}`} size="sm">
                              {t("mentors.openHousehold")}
                            </Anchor>
                          ) : (
                            <Text size="sm">{kecamatan.get(a.kecamatan_code) ?? a.kecamatan_code}</Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={a.status === "active" ? "teal" : "gray"}>
                            {t(`assignmentStatus.${a.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{formatDate(a.started_at)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <Card withBorder radius="md">
              <Title order={4} mb="xs">
                {t("mentors.capacity")}
              </Title>
              <Group justify="space-between" mb={6}>
                <Text size="sm">{t("mentors.capacityUsed", { used: active.length, capacity: m.capacity })}</Text>
                <Badge color={m.available ? "teal" : "gray"} variant="light">
                  {m.available ? t("mentors.availableYes") : t("mentors.availableNo")}
                </Badge>
              </Group>
              <Progress value={(100 * active.length) / Math.max(1, m.capacity)} color="teal" />
            </Card>
            <Card withBorder radius="md">
              <Title order={4} mb="sm">
                {t("fields.competencies")}
              </Title>
              <Stack gap={6}>
                {m.competencies.length === 0 && <Text c="dimmed">—</Text>}
                {m.competencies.map((c) => (
                  <Group key={c.code} justify="space-between">
                    <Text size="sm">{t(`taxonomy.${c.code}`, { defaultValue: c.code })}</Text>
                    <Badge variant="light">{t(`level.${c.level}`)}</Badge>
                  </Group>
                ))}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
