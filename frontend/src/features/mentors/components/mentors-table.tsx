/** The mentors list: filters, a server-side paginated table, rows that open the detail. */
import { Badge, Grid, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { BooleanFilter, FilterSelect, SearchInput } from "@/components/filter-inputs";
import { ListCard } from "@/components/list-card";
import { useListFilters } from "@/hooks/use-list-filters";
import { namesOf, TAXONOMY, useAgencies, useKecamatan } from "@/lib/reference";

import { useMentors, type MentorFilters } from "../api/get-mentors";

export function MentorsTable() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { filters, set, pages } = useListFilters<MentorFilters>({});
  const list = useMentors(filters, pages.cursor);
  const agencies = useAgencies();
  const kecamatan = useKecamatan();
  const kecamatanNames = namesOf(kecamatan.data?.items);

  return (
    <>
      <Grid gap="sm" mb="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SearchInput label={t("mentors.search")} placeholder={t("mentors.searchHint")} onSearch={(q) => set({ q })} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <FilterSelect
            label={t("fields.agency")}
            searchable
            data={(agencies.data?.items ?? []).map((a) => ({ value: a.code, label: a.name }))}
            value={filters.agency}
            onChange={(agency) => set({ agency })}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <FilterSelect
            label={t("fields.kecamatan")}
            searchable
            data={(kecamatan.data?.items ?? []).map((r) => ({ value: r.code, label: r.name }))}
            value={filters.kecamatan}
            onChange={(v) => set({ kecamatan: v })}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <FilterSelect<NonNullable<MentorFilters["competency"]>>
            label={t("fields.competency")}
            data={TAXONOMY.map((c) => ({ value: c, label: t(`taxonomy.${c}`) }))}
            value={filters.competency}
            onChange={(competency) => set({ competency })}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 1 }}>
          <BooleanFilter label={t("fields.available")} yes={t("common.yes")} no={t("common.no")} value={filters.available} onChange={(available) => set({ available })} />
        </Grid.Col>
      </Grid>
      <ListCard
        query={list}
        pages={pages}
        empty={t("mentors.empty")}
        minWidth={860}
        head={
          <Table.Tr>
            <Table.Th>{t("fields.name")}</Table.Th>
            <Table.Th>{t("fields.nip")}</Table.Th>
            <Table.Th>{t("fields.agency")}</Table.Th>
            <Table.Th>{t("fields.kecamatan")}</Table.Th>
            <Table.Th>{t("fields.competencies")}</Table.Th>
            <Table.Th>{t("fields.available")}</Table.Th>
          </Table.Tr>
        }
        row={(m) => (
          <Table.Tr key={m.id} style={{ cursor: "pointer" }} onClick={() => void navigate(`/mentors/${m.id}`)}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {m.name}
              </Text>
              <Text size="xs" c="dimmed">
                {m.employment_type.replaceAll("_", " ")} {m.golongan ? `· ${m.golongan}` : ""}
              </Text>
            </Table.Td>
            <Table.Td ff="monospace">{m.nip}</Table.Td>
            <Table.Td>{m.agency_code}</Table.Td>
            <Table.Td>{kecamatanNames.get(m.kecamatan_code) ?? m.kecamatan_code}</Table.Td>
            <Table.Td>
              {m.competencies.slice(0, 2).map((c) => (
                <Badge key={c.code} size="xs" variant="outline" color="gray" mr={4}>
                  {t(`taxonomy.${c.code}`, { defaultValue: c.code })} · {c.level}
                </Badge>
              ))}
            </Table.Td>
            <Table.Td>
              <Badge color={m.available ? "teal" : "gray"} variant="light">
                {m.available ? t("common.yes") : t("common.no")}
              </Badge>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
