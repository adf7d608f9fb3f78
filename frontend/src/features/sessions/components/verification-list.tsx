/** "Kunjungan & verifikasi": the sessions a coordinator reviews, pending first, with filters. */
import { Anchor, Card, Grid, Group, Input, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { IconUser } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { CursorPager } from "@/components/cursor-pager";
import { FilterSelect, KecamatanFilter } from "@/components/filter-inputs";
import { QueryState } from "@/components/states";
import { useListFilters } from "@/hooks/use-list-filters";
import { sessionReadStatusValues } from "@/lib/api/schema";
import { formatDateTime } from "@/utils/format";

import { useSessions, type Session, type SessionFilters } from "../api/get-sessions";

import { ReviewActions } from "./review-actions";
import { FlagBadge, SessionStatusBadge, SessionSummary } from "./session-parts";

type Flag = "all" | "flagged" | "unflagged";

export function VerificationList({ showKecamatan }: { showKecamatan: boolean }) {
  const { t } = useTranslation();
  const { filters, set, pages } = useListFilters<SessionFilters>({ status: "submitted" });
  const query = useSessions(filters, pages.cursor);
  const items = query.data?.items ?? [];
  const flag: Flag = filters.flagged == null ? "all" : filters.flagged ? "flagged" : "unflagged";

  return (
    <Stack gap="md">
      <Card withBorder radius="md">
        <Grid gap="sm" align="flex-end">
          <Grid.Col span={{ base: 12, md: "content" }}>
            <Input.Label mb={4}>{t("review.show")}</Input.Label>
            <SegmentedControl
              fullWidth
              value={flag}
              onChange={(v) => set({ flagged: v === "all" ? undefined : v === "flagged" })}
              data={[
                { value: "all", label: t("review.flagAll") },
                { value: "flagged", label: t("review.flagOnly") },
                { value: "unflagged", label: t("review.flagNone") },
              ]}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <FilterSelect<NonNullable<SessionFilters["status"]>>
              label={t("fields.status")}
              data={sessionReadStatusValues.map((s) => ({ value: s, label: t(`sessionStatus.${s}`) }))}
              value={filters.status}
              onChange={(status) => set({ status })}
            />
          </Grid.Col>
          {showKecamatan && (
            <Grid.Col span={{ base: 12, md: 2 }}>
              <KecamatanFilter value={filters.kecamatan} onChange={(v) => set({ kecamatan: v })} />
            </Grid.Col>
          )}
          <Grid.Col span={{ base: 6, md: 2 }}>
            <TextInput type="date" label={t("review.from")} value={filters.from ?? ""} onChange={(e) => set({ from: e.currentTarget.value || undefined })} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}>
            <TextInput type="date" label={t("review.to")} value={filters.to ?? ""} onChange={(e) => set({ to: e.currentTarget.value || undefined })} />
          </Grid.Col>
        </Grid>
      </Card>

      <QueryState query={query} isEmpty={() => items.length === 0} empty={t("review.empty")}>
        {() => (
          <Stack gap="sm" data-testid="review-list" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
            {items.map((s) => (
              <ReviewCard key={s.id} session={s} onReload={() => query.refetch()} />
            ))}
          </Stack>
        )}
      </QueryState>
      {query.data && (
        <CursorPager
          page={pages.page}
          shown={items.length}
          total={query.data.total}
          hasNext={Boolean(query.data.next_cursor)}
          onPrev={pages.prev}
          onNext={() => query.data.next_cursor && pages.next(query.data.next_cursor)}
        />
      )}
    </Stack>
  );
}

/** Whom the mentor visited (a link to the household) and who the mentor is; an agency admin sees
 * its own mentors' visits but no family's name (the API leaves it out). */
function ReviewCard({ session: s, onReload }: { session: Session; onReload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" data-testid="review-card">
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap={4}>
            <Group gap="xs" wrap="wrap">
              {s.household_head_name ? (
                <Anchor component={Link} to={`/households/${s.household_id}`} fw={600} data-testid="review-household">
                  {s.household_head_name}
                </Anchor>
              ) : (
                <Text fw={600} c="dimmed" data-testid="review-household">
                  {t("review.householdHidden")}
                </Text>
              )}
              <SessionStatusBadge status={s.status} />
              <FlagBadge session={s} />
            </Group>
            <Group gap={6} wrap="nowrap" data-testid="review-mentor">
              <IconUser size={14} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
              <Text size="sm">
                {t("review.mentor")}: <b>{s.mentor_name}</b>
              </Text>
            </Group>
            <Text size="sm" c="dimmed">
              {formatDateTime(s.occurred_at)} · {t(`sessionKind.${s.kind}`)} · {t("sessions.minutes", { count: s.duration_minutes })}
            </Text>
            <SessionSummary session={s} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <ReviewActions session={s} onReload={onReload} />
        </Grid.Col>
      </Grid>
    </Card>
  );
}
