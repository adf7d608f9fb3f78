/** A server-paginated list in a card: loading, error and empty states, the table, the pager.
 * With `card`, a phone shows each item as a card of its own instead of a table to scroll. */
import { Card, Stack, Table } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { CursorPager } from "./cursor-pager";
import { Empty, ErrorAlert, Loading, OfflineEmpty } from "./states";

type Page<T> = { items: T[]; next_cursor?: string | null; total?: number | null };
type Pages = { page: number; next: (cursor: string) => void; prev: () => void };

type Props<T> = {
  query: UseQueryResult<Page<T>>;
  pages: Pages;
  empty: string;
  minWidth: number;
  head: ReactNode;
  row: (item: T) => ReactNode;
  card?: (item: T) => ReactNode;
};

export function ListCard<T>({ query, pages, empty, minWidth, head, row, card }: Props<T>) {
  const phone = useMediaQuery("(max-width: 48em)");
  const items = query.data?.items ?? [];
  const nextCursor = query.data?.next_cursor;
  return (
    <>
      <Card withBorder padding={0} radius="md">
        {query.isPending ? (
          query.fetchStatus === "paused" ? <OfflineEmpty /> : <Loading />
        ) : query.isError ? (
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <Empty>{empty}</Empty>
        ) : card && phone ? (
          <Stack gap={0} style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
            {items.map(card)}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={minWidth}>
            <Table
              highlightOnHover
              verticalSpacing="sm"
              horizontalSpacing="md"
              striped="even"
              style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>{head}</Table.Thead>
              <Table.Tbody>{items.map(row)}</Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {query.data && (
        <CursorPager
          page={pages.page}
          shown={items.length}
          total={query.data.total}
          hasNext={Boolean(nextCursor)}
          onPrev={pages.prev}
          onNext={() => nextCursor && pages.next(nextCursor)}
        />
      )}
    </>
  );
}
