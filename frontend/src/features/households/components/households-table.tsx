/** The households list: filters, a server-side paginated table, rows that open the detail. */
import { Badge, Group, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { ListCard } from "@/components/list-card";
import { StatusBadge } from "@/components/status-badge";
import { useListFilters } from "@/hooks/use-list-filters";
import { namesOf, useKecamatan, useKelurahan } from "@/lib/reference";

import { useHouseholds, type HouseholdFilters as Filters } from "../api/get-households";

import { HouseholdFilters } from "./household-filters";

export function HouseholdsTable() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { filters, set, pages } = useListFilters<Filters>({});
  const list = useHouseholds(filters, pages.cursor);
  const kecamatan = namesOf(useKecamatan().data?.items);
  const kelurahan = namesOf(useKelurahan(null).data?.items);

  return (
    <>
      <HouseholdFilters value={filters} onChange={set} />
      <ListCard
        query={list}
        pages={pages}
        empty={t("households.empty")}
        minWidth={980}
        head={
          <Table.Tr>
            <Table.Th>{t("fields.headName")}</Table.Th>
            <Table.Th>{t("fields.kkNumber")}</Table.Th>
            <Table.Th>{t("fields.region")}</Table.Th>
            <Table.Th>{t("fields.desil")}</Table.Th>
            <Table.Th>{t("fields.needs")}</Table.Th>
            <Table.Th>{t("fields.status")}</Table.Th>
          </Table.Tr>
        }
        row={(h) => (
          <Table.Tr key={h.id} style={{ cursor: "pointer" }} onClick={() => void navigate(`/households/${h.id}`)}>
            <Table.Td>
              <Text fw={500} size="sm">
                {h.head_name}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={1}>
                {h.address}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {h.kk_number}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{kelurahan.get(h.kelurahan_code) ?? h.kelurahan_code}</Text>
              <Text size="xs" c="dimmed">
                {kecamatan.get(h.kecamatan_code) ?? h.kecamatan_code}
              </Text>
            </Table.Td>
            <Table.Td>{h.desil ?? "—"}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                {h.needs.slice(0, 3).map((n) => (
                  <Badge key={n} size="xs" variant="outline" color="gray">
                    {t(`taxonomy.${n}`, { defaultValue: n })}
                  </Badge>
                ))}
                {h.needs.length > 3 && (
                  <Text size="xs" c="dimmed">
                    +{h.needs.length - 3}
                  </Text>
                )}
              </Group>
            </Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>
              <StatusBadge status={h.status} />
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
