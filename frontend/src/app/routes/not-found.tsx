/** 404 and 403 pages inside the app frame, and what a page that failed to load shows. */
import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useRouteError } from "react-router";

function Message({ title, body }: { title: string; body: string }) {
  const { t } = useTranslation();
  return (
    <Center py={80}>
      <Stack align="center" gap="xs">
        <Title order={2}>{title}</Title>
        <Text c="dimmed">{body}</Text>
        <Button component={Link} to="/" variant="light" mt="sm">
          {t("common.home")}
        </Button>
      </Stack>
    </Center>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return <Message title={t("notFound.title")} body={t("notFound.body")} />;
}

export function Forbidden() {
  const { t } = useTranslation();
  return <Message title={t("forbidden.title")} body={t("forbidden.body")} />;
}

/** A page's code could not be loaded (no signal before the app was fully on the phone, or a new
 * version replaced it) or the page failed: say so in words, offer a reload, keep the frame. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const offline = typeof navigator !== "undefined" && !navigator.onLine;
  const chunk = error instanceof TypeError && /dynamically imported module|Importing a module script/i.test(error.message);
  return (
    <Center py={80} px="md" data-testid="route-error">
      <Stack align="center" gap="xs" maw={420}>
        <Title order={3} ta="center">
          {chunk ? t("routeError.notOnDeviceTitle") : t("errors.title")}
        </Title>
        <Text c="dimmed" ta="center">
          {chunk ? (offline ? t("routeError.notOnDeviceOffline") : t("routeError.newVersion")) : t("routeError.body")}
        </Text>
        <Button variant="light" mt="sm" onClick={() => window.location.reload()}>
          {t("errors.reload")}
        </Button>
      </Stack>
    </Center>
  );
}
