/** Loading, error and empty states every page shows the same way. */
import { Alert, Button, Center, Group, Loader, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCloudOff, IconInbox, IconRefresh } from "@tabler/icons-react";
import type { UseQueryResult } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { problemMessage } from "@/lib/api/messages";
import { isApiError } from "@/lib/api/problem";

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{label ?? t("common.loading")}</Text>
      </Group>
    </Center>
  );
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t("errors.title")}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{problemMessage(t, error)}</Text>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Stack align="center" gap={4}>
        <IconInbox size={32} stroke={1.4} color="var(--mantine-color-dimmed)" />
        <Text c="dimmed">{children ?? t("common.empty")}</Text>
      </Stack>
    </Center>
  );
}

/** A failed action from a button or dialog, as a notification. A stale copy (412/428) was reloaded
 * by the action's own invalidation: say so, so the user looks again before repeating it. */
export function notifyFailure(t: TFunction, error: unknown): void {
  const stale = isApiError(error, 412) || isApiError(error, 428);
  notifications.show({
    color: stale ? "orange" : "red",
    title: stale ? t("errors.staleTitle") : undefined,
    message: stale ? t("errors.staleReloaded") : problemMessage(t, error),
  });
}

/** 412: someone else changed the record since it was loaded; reload, then try again. */
export function StaleAlert({ body, onReload }: { body?: string; onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" title={t("errors.staleTitle")} data-testid="stale">
      <Stack gap="xs" align="flex-start">
        {body ?? t("errors.staleBody")}
        <Button size="xs" color="orange" leftSection={<IconRefresh size={14} />} onClick={onReload}>
          {t("errors.reload")}
        </Button>
      </Stack>
    </Alert>
  );
}

/** No signal and nothing of this on the device yet: it loads by itself when the signal is back. */
export function OfflineEmpty() {
  const { t } = useTranslation();
  return (
    <Center py="xl" data-testid="offline-empty">
      <Stack align="center" gap={4}>
        <IconCloudOff size={32} stroke={1.4} color="var(--mantine-color-dimmed)" />
        <Text c="dimmed" ta="center" size="sm">
          {t("common.offlineEmpty")}
        </Text>
      </Stack>
    </Center>
  );
}

/** A query's loading, error (with retry) and empty states; `children` draws the data. */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: Pick<UseQueryResult<T>, "isPending" | "isError" | "error" | "data" | "refetch"> & { fetchStatus?: string };
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return query.fetchStatus === "paused" ? <OfflineEmpty /> : <Loading />;
  if (query.isError || query.data === undefined) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <Empty>{empty}</Empty>;
  return children(query.data);
}
