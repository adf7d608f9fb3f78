/** 404 and 403 pages inside the app frame. */
import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

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
