/** Participation per agency (OPD): mentors in service, how many have a household, households
 * mentored and visits in 30 days; every column sorts, the table scrolls inside its card. */
import { Center, Group, ScrollArea, Table, Text, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconChevronUp, IconSelector } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { NameCell } from "@/components/name-cell";
import { Empty } from "@/components/states";
import { formatNumber, formatPercent } from "@/utils/format";

import type { AgencyStats } from "../api/get-agency-stats";

export const AGENCY_COLUMNS = ["name", "mentors", "mentors_with_household", "participation", "households_mentored", "sessions_last_30_days"] as const;
export type AgencyColumn = (typeof AGENCY_COLUMNS)[number];
type Sort = { column: AgencyColumn; descending: boolean };

/** Names A-Z; numbers largest first on the first click; ties by name so the order is stable. */
export function sortAgencies(items: AgencyStats[], { column, descending }: Sort): AgencyStats[] {
  const sign = descending ? -1 : 1;
  return [...items].sort((a, b) => {
    const x = a[column] ?? -1;
    const y = b[column] ?? -1;
    const order = typeof x === "string" || typeof y === "string" ? String(x).localeCompare(String(y), "id") : x - y;
    return sign * order || a.name.localeCompare(b.name, "id");
  });
}

function Header({ column, sort, onSort, label }: { column: AgencyColumn; sort: Sort; onSort: (c: AgencyColumn) => void; label: string }) {
  const active = sort.column === column;
  const Icon = active ? (sort.descending ? IconChevronDown : IconChevronUp) : IconSelector;
  const numeric = column !== "name";
  return (
    <Table.Th aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"} style={{ whiteSpace: "nowrap", minWidth: numeric ? undefined : 220 }}>
      <UnstyledButton onClick={() => onSort(column)} w="100%">
        <Group gap={4} justify={numeric ? "flex-end" : "flex-start"} wrap="nowrap">
          <Text fw={600} size="sm">
            {label}
          </Text>
          <Center>
            <Icon size={14} stroke={1.6} />
          </Center>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

export function AgencyTable({ items }: { items: AgencyStats[] }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<Sort>({ column: "mentors", descending: true });
  if (items.length === 0) return <Empty />;
  const onSort = (column: AgencyColumn) =>
    setSort((s) => (s.column === column ? { column, descending: !s.descending } : { column, descending: column !== "name" }));
  const rows = sortAgencies(items, sort);
  return (
    <ScrollArea.Autosize mah={480} type="auto" offsetScrollbars>
      <Table striped highlightOnHover stickyHeader miw={860} data-testid="agency-table">
        <Table.Thead>
          <Table.Tr>
            {AGENCY_COLUMNS.map((c) => (
              <Header key={c} column={c} sort={sort} onSort={onSort} label={t(`dashboard.agency.${c}`)} />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.agency_code}>
              <NameCell name={a.name} detail={a.agency_code} />
              <Table.Td ta="right">{formatNumber(a.mentors)}</Table.Td>
              <Table.Td ta="right">{formatNumber(a.mentors_with_household)}</Table.Td>
              <Table.Td ta="right">{formatPercent(a.participation)}</Table.Td>
              <Table.Td ta="right">{formatNumber(a.households_mentored)}</Table.Td>
              <Table.Td ta="right">{formatNumber(a.sessions_last_30_days)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
