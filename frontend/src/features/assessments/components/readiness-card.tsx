/** The latest assessment's graduation readiness, criterion by criterion, and "Luluskan" for the
 * verifier when it is ready (graduation needs someone other than the mentor: the API checks). */
import { Badge, Button, Card, Group, List, Modal, Progress, Stack, Text, Textarea, ThemeIcon, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCircleCheck, IconCircleX, IconSchool } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert, QueryState, StaleAlert } from "@/components/states";
import { isApiError } from "@/lib/api/problem";
import { formatDate, formatNumber, humanCode } from "@/utils/format";

import { useAssessments, type Assessment } from "../api/get-assessments";
import { useGraduate } from "../api/graduate";

type Criterion = Assessment["criteria"][number];
const UNDER_MENTORING = new Set(["assigned", "mentoring"]);

/** What was measured, in words: "belum diukur", yes/no, rupiah, or the category. */
export function criterionValue(t: TFunction, c: Criterion): string {
  const v = c.value as unknown;
  if (v == null) return t("assessment.notMeasured");
  if (typeof v === "boolean") return v ? t("common.yes") : t("common.no");
  if (Array.isArray(v)) return v.length ? v.map((s) => t(`incomeSource.${String(s)}`, { defaultValue: humanCode(String(s)) })).join(", ") : "—";
  if (typeof v === "number") return c.name === "desil" ? String(v) : `Rp ${formatNumber(v)}`;
  // The API's own words for "met because there is nothing to measure".
  if (v === "no children aged 7-18") return t("assessment.noChildren");
  return humanCode(String(v));
}

type Props = {
  householdId: string;
  householdStatus: string;
  etag: string;
  mayGraduate: boolean;
  action?: ReactNode;
  onReload: () => Promise<unknown>;
};

export function ReadinessCard({ householdId, householdStatus, etag, mayGraduate, action, onReload }: Props) {
  const { t } = useTranslation();
  const query = useAssessments(householdId);
  const latest = query.data?.items[0];
  return (
    <Card withBorder radius="md" data-testid="readiness">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={4}>{t("assessment.readiness")}</Title>
        {action}
      </Group>
      <QueryState query={query} isEmpty={(page) => page.items.length === 0} empty={t("assessment.none")}>
        {(page) => latest && (
          <Stack gap="sm">
            <Group justify="space-between" gap="xs">
              <Text size="sm" c="dimmed">
                {t("assessment.latest", { when: formatDate(latest.assessed_on), count: page.items.length })}
              </Text>
              <Badge color={latest.ready ? "green" : "gray"} variant="light" data-testid="readiness-verdict">
                {latest.ready ? t("assessment.ready") : t("assessment.notReady")}
              </Badge>
            </Group>
            <div>
              <Group justify="space-between" mb={4}>
                <Text size="xs" c="dimmed">
                  {t("assessment.score")}
                </Text>
                <Text size="xs" fw={600}>
                  {Math.round(latest.readiness_score * 100)}%
                </Text>
              </Group>
              <Progress value={latest.readiness_score * 100} color={latest.ready ? "green" : "teal"} size="md" radius="xl" />
            </div>
            <List spacing={6} size="sm" center>
              {latest.criteria.map((c) => (
                <List.Item
                  key={c.name}
                  icon={
                    <ThemeIcon size={20} radius="xl" variant="light" color={c.met ? "green" : "red"}>
                      {c.met ? <IconCircleCheck size={14} /> : <IconCircleX size={14} />}
                    </ThemeIcon>
                  }
                >
                  <Text span size="sm">
                    {t(`criterion.${c.name}`, { defaultValue: humanCode(c.name), line: formatNumber(latest.poverty_line) })}
                  </Text>{" "}
                  <Text span size="xs" c="dimmed">
                    ({criterionValue(t, c)})
                  </Text>
                </List.Item>
              ))}
            </List>
            {mayGraduate && latest.ready && UNDER_MENTORING.has(householdStatus) && (
              <Group justify="flex-end">
                <Graduate householdId={householdId} assessment={latest} etag={etag} onReload={onReload} />
              </Group>
            )}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}

function Graduate({ householdId, assessment, etag, onReload }: { householdId: string; assessment: Assessment; etag: string; onReload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const graduate = useGraduate(householdId);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const stale = isApiError(graduate.error, 412);
  const submit = () =>
    graduate.mutate(
      { assessmentId: assessment.id, etag, note },
      {
        onSuccess: () => {
          setOpen(false);
          notifications.show({ color: "green", message: t("assessment.graduated") });
        },
      },
    );
  return (
    <>
      <Button color="green" leftSection={<IconSchool size={16} />} onClick={() => setOpen(true)}>
        {t("assessment.graduate")}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("assessment.graduateTitle")} centered>
        <Stack gap="sm">
          <Text size="sm">{t("assessment.graduateBody", { when: formatDate(assessment.assessed_on) })}</Text>
          {stale ? (
            <StaleAlert onReload={() => void onReload().then(() => graduate.reset())} />
          ) : (
            graduate.error != null && <ErrorAlert error={graduate.error} />
          )}
          <Textarea label={t("assessment.graduateNote")} autosize minRows={2} maxLength={500} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t("common.cancel")}
            </Button>
            <Button color="green" loading={graduate.isPending} onClick={submit} disabled={stale}>
              {t("assessment.graduateSubmit")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
