/** Phone first: the mentor's households as cards, each with what it needs and where it is. */
import { Badge, Card, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconChevronRight, IconMapPin } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { Empty, ErrorAlert, Loading } from "@/components/states";
import { StatusBadge } from "@/components/status-badge";
import { namesOf, useKelurahan } from "@/lib/reference";

import { useMyHouseholds } from "../api/get-my-households";

export function MyHouseholds() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useMyHouseholds();
  const kelurahan = namesOf(useKelurahan(null).data?.items);

  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <Empty>{t("myHouseholds.empty")}</Empty>;

  return (
    <Stack gap="sm" data-testid="my-households">
      {list.data.items.map((h) => (
        <UnstyledButton key={h.id} onClick={() => void navigate(`/my-households/${h.id}`)}>
          <Card withBorder radius="md" padding="md">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Text fw={600}>{h.head_name}</Text>
                <Group gap={4} wrap="nowrap">
                  <IconMapPin size={14} color="var(--mantine-color-dimmed)" />
                  <Text size="sm" c="dimmed" lineClamp={1}>
                    {h.address}, {kelurahan.get(h.kelurahan_code) ?? h.kelurahan_code}
                  </Text>
                </Group>
                <Group gap={4} mt={4}>
                  <StatusBadge status={h.status} />
                  {h.needs.slice(0, 2).map((n) => (
                    <Badge key={n} size="sm" variant="outline" color="gray">
                      {t(`taxonomy.${n}`, { defaultValue: n })}
                    </Badge>
                  ))}
                  {h.needs.length > 2 && (
                    <Text size="xs" c="dimmed">
                      +{h.needs.length - 2}
                    </Text>
                  )}
                </Group>
              </Stack>
              <IconChevronRight size={20} color="var(--mantine-color-dimmed)" />
            </Group>
          </Card>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
